-- The audit group commit appends a whole batch in one pass (issue 26). Until now
-- eclips_append_audit_per_org bound the transaction to each org in turn and appended that org's rows
-- with eclips_append_audit: per org a binding, a chain lock, a tail read and an INSERT, each statement
-- re-verifying the binding's proof for its row-level security. Measured on the benchmark's database
-- (600,000 audit rows, 100 orgs, rolled-back batches, medians of eight): 100 orgs of one entry each
-- 16.6 ms that way, 10.2 ms in one pass; of four entries each 26.1 and 16.8 ms. The benchmark spreads
-- its guarded reads over 100 orgs, so a batch holds a few entries per org, and the per-org steps were
-- most of a guarded read's PostgreSQL CPU.
--
-- The same guarantee, in the same places:
--   * a batch binds every org it appends for with that org's proof (eclips_enter_orgs, verified as
--     eclips_enter_org verifies one); eclips_bound_orgs() returns the orgs only while every proof
--     matches and raises 42501 otherwise, as eclips_current_org() does for one org;
--   * ${audit_writer_role} may read the tail of, check, and append to the chains of the bound orgs as it
--     may of the tenant's (its four policies below accept either); nobody else's;
--   * eclips_append_audit_orgs takes the chain locks of all the batch's orgs in one order (the orgs'
--     ids), reads the clock after all of them (no appender of an org that comes later can read an
--     earlier clock), reads every tail in one statement and links every row to its predecessor, as
--     eclips_append_audit does for one org; rows for an org outside the binding are refused (42501);
--   * eclips_append_audit_per_org still leaves the transaction bound to the batch's last org.
-- The multi-org binding is two transaction-local settings like the single one (SET LOCAL, which Citus
-- forwards); only the audit writer's policies read them.

-- The proofs of several orgs at once, in their order (one read of the key).
CREATE FUNCTION eclips_gate.tenant_binding_macs(p_orgs uuid[]) RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to(u.org::text, 'UTF8'))), 'hex')
                              ORDER BY u.n), '{}')
      FROM unnest(p_orgs) WITH ORDINALITY u(org, n), eclips_gate.tenant_binding_key k
$$;
REVOKE ALL ON FUNCTION eclips_gate.tenant_binding_macs(uuid[]) FROM PUBLIC;

-- Binds the transaction to up to 1,000 orgs at once, each with its proof. Grants nothing the app lacks:
-- without the proofs it refuses, and with them the app could bind each org in turn.
CREATE FUNCTION eclips_enter_orgs(p_orgs uuid[], p_proofs text[]) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF p_orgs IS NULL OR p_proofs IS NULL OR cardinality(p_orgs) = 0 OR cardinality(p_orgs) > 1000
       OR cardinality(p_orgs) <> cardinality(p_proofs) OR array_position(p_orgs, NULL) IS NOT NULL
       OR p_proofs IS DISTINCT FROM eclips_gate.tenant_binding_macs(p_orgs) THEN
        RAISE EXCEPTION 'tenant binding refused: a proof does not match its org' USING ERRCODE = '42501';
    END IF;
    -- SET LOCAL, as eclips_enter_org: both values are arrays of checked text (UUIDs, hex digests)
    EXECUTE format('SET LOCAL app.org_ids = %L', p_orgs::text);
    EXECUTE format('SET LOCAL app.org_proofs = %L', p_proofs::text);
    RETURN true;
END
$$;
REVOKE ALL ON FUNCTION eclips_enter_orgs(uuid[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_enter_orgs(uuid[], text[]) TO ${app_role};

-- The orgs of a verified multi-org binding; none without one.
CREATE FUNCTION eclips_bound_orgs() RETURNS uuid[]
    LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_orgs   uuid[] := nullif(current_setting('app.org_ids', true), '')::uuid[];
    v_proofs text[] := nullif(current_setting('app.org_proofs', true), '')::text[];
BEGIN
    IF v_orgs IS NULL THEN
        RETURN '{}';
    END IF;
    IF v_proofs IS DISTINCT FROM eclips_gate.tenant_binding_macs(v_orgs) THEN
        RAISE EXCEPTION 'tenant binding without a valid proof' USING ERRCODE = '42501';
    END IF;
    RETURN v_orgs;
END
$$;
REVOKE ALL ON FUNCTION eclips_bound_orgs() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_bound_orgs() TO ${audit_writer_role};

-- The audit writer's policies: the tenant's rows, or a bound org's. A policy's subqueries are evaluated
-- only when needed: with a single binding the first comparison decides, and the orgs' proofs are
-- checked once per statement otherwise.
ALTER POLICY audit_writer_reads_tail ON audit_log
    USING (org_id = (SELECT eclips_current_org()) OR org_id = ANY ((SELECT eclips_bound_orgs())::uuid[]));
ALTER POLICY audit_writer_appends ON audit_log
    WITH CHECK (org_id = (SELECT eclips_current_org()) OR org_id = ANY ((SELECT eclips_bound_orgs())::uuid[]));
ALTER POLICY audit_writer_reads_anchor ON audit_anchors
    USING (org_id = (SELECT eclips_current_org()) OR org_id = ANY ((SELECT eclips_bound_orgs())::uuid[]));
ALTER POLICY audit_writer_checks_org ON organizations
    USING (id = (SELECT eclips_current_org()) OR id = ANY ((SELECT eclips_bound_orgs())::uuid[]));

-- A batch of several orgs' entries ([{"org", "rows": [...]}, ...]), all of them bound orgs.
CREATE FUNCTION eclips_append_audit_orgs(p_batch jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_bound  uuid[] := public.eclips_bound_orgs();
    v_orgs   uuid[];
    v_seqs   bigint[];
    v_tails  bytea[];
    v_row    record;
    v_pos    integer;
    v_seq    bigint;
    v_prev   bytea;
    v_hash   bytea;
    v_at     timestamptz;
    v_text   text;
    a_org    uuid[] := '{}';
    a_id     uuid[] := '{}';
    a_seq    bigint[] := '{}';
    a_prev   bytea[] := '{}';
    a_hash   bytea[] := '{}';
    a_actor_type text[] := '{}';
    a_actor_id   text[] := '{}';
    a_hint   text[] := '{}';
    a_action text[] := '{}';
    a_rtype  text[] := '{}';
    a_rid    text[] := '{}';
    a_outcome text[] := '{}';
    a_code   text[] := '{}';
    a_request text[] := '{}';
    a_address text[] := '{}';
    a_agent  text[] := '{}';
    a_occurrences integer[] := '{}';
BEGIN
    IF p_batch IS NULL OR jsonb_typeof(p_batch) <> 'array' THEN
        RAISE EXCEPTION 'audit batch must be an array' USING ERRCODE = '22023';
    END IF;
    SELECT array_agg(DISTINCT (e ->> 'org')::uuid ORDER BY (e ->> 'org')::uuid) INTO v_orgs
      FROM jsonb_array_elements(p_batch) e;
    IF v_orgs IS NULL THEN
        RETURN 0;
    END IF;
    IF array_position(v_orgs, NULL) IS NOT NULL OR NOT v_orgs <@ v_bound THEN
        RAISE EXCEPTION 'audit rows for an org the transaction is not bound to' USING ERRCODE = '42501';
    END IF;
    -- every chain lock first, in one order, then the clock: no appender of these orgs that comes later
    -- can read an earlier one
    PERFORM pg_advisory_xact_lock(hashtextextended(o::text, 7)) FROM unnest(v_orgs) o ORDER BY o;
    v_at := clock_timestamp();
    v_text := public.eclips_audit_time_text(v_at);
    SELECT array_agg(t.seq ORDER BY o.n), array_agg(t.hash ORDER BY o.n) INTO v_seqs, v_tails
      FROM unnest(v_orgs) WITH ORDINALITY o(org, n)
      LEFT JOIN LATERAL (SELECT a.seq, a.hash FROM public.audit_log a
                          WHERE a.org_id = o.org ORDER BY a.seq DESC LIMIT 1) t ON true;
    FOR v_row IN
        SELECT (e.o ->> 'org')::uuid AS org, r.*
          FROM jsonb_array_elements(p_batch) WITH ORDINALITY e(o, ord),
               LATERAL ROWS FROM (jsonb_to_recordset(e.o -> 'rows') AS (
                   id uuid, actor_type text, actor_id text, actor_hint text, action text, resource_type text,
                   resource_id text, outcome text, code text, request_id text, client_address text,
                   user_agent text, occurrences integer)) WITH ORDINALITY
               AS r(id, actor_type, actor_id, actor_hint, action, resource_type, resource_id, outcome, code,
                    request_id, client_address, user_agent, occurrences, n)
         ORDER BY e.ord, r.n
    LOOP
        v_pos := array_position(v_orgs, v_row.org);
        v_seq := v_seqs[v_pos];
        v_prev := v_tails[v_pos];
        IF v_seq IS NULL THEN
            SELECT n.through_seq, n.hash INTO v_seq, v_prev FROM public.audit_anchors n
             WHERE n.org_id = v_row.org ORDER BY n.through_seq DESC LIMIT 1;
            -- the org's chain starts here: the org must exist (V37)
            IF NOT FOUND AND NOT EXISTS (SELECT 1 FROM public.organizations o WHERE o.id = v_row.org) THEN
                RAISE EXCEPTION 'audit rows for an org that does not exist' USING ERRCODE = '23503';
            END IF;
            v_seq := coalesce(v_seq, 0);
        END IF;
        v_seq := v_seq + 1;
        v_hash := sha256(coalesce(v_prev, ''::bytea) || convert_to(concat_ws(chr(31), v_seq::text, v_text,
            coalesce(v_row.actor_type, ''), coalesce(v_row.actor_id, ''), coalesce(v_row.actor_hint, ''),
            coalesce(v_row.action, ''), coalesce(v_row.resource_type, ''), coalesce(v_row.resource_id, ''),
            coalesce(v_row.outcome, ''), coalesce(v_row.code, ''), coalesce(v_row.request_id, ''),
            coalesce(v_row.client_address, ''), coalesce(v_row.user_agent, ''), v_row.occurrences::text), 'UTF8'));
        a_org := a_org || v_row.org;
        a_id := a_id || v_row.id;
        a_seq := a_seq || v_seq;
        a_prev := a_prev || v_prev;
        a_hash := a_hash || v_hash;
        a_actor_type := a_actor_type || v_row.actor_type;
        a_actor_id := a_actor_id || v_row.actor_id;
        a_hint := a_hint || v_row.actor_hint;
        a_action := a_action || v_row.action;
        a_rtype := a_rtype || v_row.resource_type;
        a_rid := a_rid || v_row.resource_id;
        a_outcome := a_outcome || v_row.outcome;
        a_code := a_code || v_row.code;
        a_request := a_request || v_row.request_id;
        a_address := a_address || v_row.client_address;
        a_agent := a_agent || v_row.user_agent;
        a_occurrences := a_occurrences || v_row.occurrences;
        v_seqs[v_pos] := v_seq;
        v_tails[v_pos] := v_hash;
    END LOOP;
    INSERT INTO public.audit_log (org_id, id, seq, occurred_at, actor_type, actor_id, actor_hint, action,
                                  resource_type, resource_id, outcome, code, request_id, client_address,
                                  user_agent, occurrences, prev_hash, hash)
    SELECT u.org, u.id, u.seq, v_at, u.actor_type, u.actor_id, u.hint, u.action, u.rtype, u.rid, u.outcome,
           u.code, u.request, u.address, u.agent, u.occurrences, u.prev, u.hash
      FROM unnest(a_org, a_id, a_seq, a_actor_type, a_actor_id, a_hint, a_action, a_rtype, a_rid, a_outcome,
                  a_code, a_request, a_address, a_agent, a_occurrences, a_prev, a_hash)
        AS u(org, id, seq, actor_type, actor_id, hint, action, rtype, rid, outcome, code, request, address,
             agent, occurrences, prev, hash);
    RETURN cardinality(a_id);
END
$$;
-- owned by the role that may insert audit rows, as eclips_append_audit is (V10)
GRANT CREATE ON SCHEMA public TO ${audit_writer_role};
ALTER FUNCTION eclips_append_audit_orgs(jsonb) OWNER TO ${audit_writer_role};
REVOKE CREATE ON SCHEMA public FROM ${audit_writer_role};
REVOKE ALL ON FUNCTION eclips_append_audit_orgs(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_append_audit_orgs(jsonb) TO ${app_role};

-- The group commit: one binding for the batch's orgs, one pass; then bound to its last org, as before.
CREATE OR REPLACE FUNCTION eclips_append_audit_per_org(p_batch jsonb) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count integer;
    v_last  jsonb := p_batch -> -1;
BEGIN
    IF p_batch IS NULL OR jsonb_typeof(p_batch) <> 'array' THEN
        RAISE EXCEPTION 'audit batch must be an array' USING ERRCODE = '22023';
    END IF;
    IF v_last IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM public.eclips_enter_orgs(ARRAY(SELECT (e ->> 'org')::uuid FROM jsonb_array_elements(p_batch) e),
                                     ARRAY(SELECT e ->> 'proof' FROM jsonb_array_elements(p_batch) e));
    v_count := public.eclips_append_audit_orgs(p_batch);
    PERFORM public.eclips_enter_org((v_last ->> 'org')::uuid, v_last ->> 'proof');
    RETURN v_count;
END
$$;
