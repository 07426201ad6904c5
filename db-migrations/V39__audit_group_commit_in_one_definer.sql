-- The audit group commit in one definer function (issue 26). The group commit called, per org of a
-- flush, eclips_enter_org and then eclips_append_audit with a one-org batch: a second definer call
-- with its own SET clause, the tenant check inside it (one more HMAC of the binding), the batch
-- wrapped and unwrapped again, and the time text through a SQL function with a SET clause (planned
-- on every call). Measured on the benchmark's database as the app role (100 orgs of 1, 3 and 10
-- entries, rolled back, interleaved): 13.1 -> 10.6 ms, 18.4 -> 15.5 ms and 33.6 -> 30.4 ms a flush,
-- about 25-30 µs less per org, which the fixed rate pays nearly per read (1.8-3 entries per org and
-- flush there).
--
-- What each org's part of a flush does is unchanged, and so is every guarantee:
-- * the org is entered only with its proof: eclips_enter_org (V22) verifies it and binds the
--   transaction to it; the audit writer may call it (it verifies, it mints nothing);
-- * the chain step, eclips_audit_link, takes the org's chain lock, stamps the database's time,
--   reads the tail and inserts the linked rows; every statement's policy verifies the binding again
--   (audit_log's for the tail read and the insert), so a row lands only in the bound org's chain;
-- * only ${audit_writer_role} (NOLOGIN) inserts audit rows (V10): the chain step is its own function,
--   executable by nobody else, called by its two definer functions (this one and eclips_append_audit),
--   which is now the one place the chain is linked.

-- The chain step for the org the transaction is bound to (the policies refuse any other).
CREATE FUNCTION eclips_audit_link(p_org uuid, p_rows jsonb)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_row    record;
    v_base   bigint;
    v_seq    bigint;
    v_prev   bytea;
    v_hash   bytea;
    v_prevs  bytea[];
    v_hashes bytea[];
    v_at     timestamptz;
    v_utc    timestamp;
    v_us     text;
    v_text   text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_org::text, 7));
    -- under the lock: no appender of this org that comes later can read an earlier clock
    v_at := clock_timestamp();
    -- eclips_audit_time_text(v_at), inline (that function is planned on every call)
    v_utc := v_at AT TIME ZONE 'UTC';
    v_us := to_char(v_utc, 'US');
    v_text := to_char(v_utc, 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN v_us = '000000' THEN '' WHEN right(v_us, 3) = '000' THEN '.' || left(v_us, 3)
                ELSE '.' || v_us END
        || 'Z';
    SELECT a.seq, a.hash INTO v_seq, v_prev FROM public.audit_log a
     WHERE a.org_id = p_org ORDER BY a.seq DESC LIMIT 1;
    IF NOT FOUND THEN
        SELECT n.through_seq, n.hash INTO v_seq, v_prev FROM public.audit_anchors n
         WHERE n.org_id = p_org ORDER BY n.through_seq DESC LIMIT 1;
        -- the org's chain starts here: the org must exist (V37, instead of a foreign key checked
        -- on every row)
        IF NOT FOUND AND NOT EXISTS (SELECT 1 FROM public.organizations o WHERE o.id = p_org) THEN
            RAISE EXCEPTION 'audit rows for an org that does not exist' USING ERRCODE = '23503';
        END IF;
    END IF;
    v_base := coalesce(v_seq, 0);
    v_seq := v_base;
    v_prevs := '{}';
    v_hashes := '{}';
    FOR v_row IN SELECT * FROM jsonb_to_recordset(p_rows) AS r(
            actor_type text, actor_id text, actor_hint text, action text, resource_type text,
            resource_id text, outcome text, code text, request_id text, client_address text, user_agent text,
            occurrences integer) LOOP
        v_seq := v_seq + 1;
        v_hash := sha256(coalesce(v_prev, ''::bytea) || convert_to(concat_ws(chr(31), v_seq::text, v_text,
            coalesce(v_row.actor_type, ''), coalesce(v_row.actor_id, ''), coalesce(v_row.actor_hint, ''),
            coalesce(v_row.action, ''), coalesce(v_row.resource_type, ''), coalesce(v_row.resource_id, ''),
            coalesce(v_row.outcome, ''), coalesce(v_row.code, ''), coalesce(v_row.request_id, ''),
            coalesce(v_row.client_address, ''), coalesce(v_row.user_agent, ''), v_row.occurrences::text), 'UTF8'));
        v_prevs := array_append(v_prevs, v_prev);
        v_hashes := array_append(v_hashes, v_hash);
        v_prev := v_hash;
    END LOOP;
    INSERT INTO public.audit_log (org_id, id, seq, occurred_at, actor_type, actor_id, actor_hint, action,
                                  resource_type, resource_id, outcome, code, request_id, client_address,
                                  user_agent, occurrences, prev_hash, hash)
    SELECT p_org, r.id, v_base + r.n, v_at, r.actor_type, r.actor_id, r.actor_hint, r.action,
           r.resource_type, r.resource_id, r.outcome, r.code, r.request_id, r.client_address, r.user_agent,
           r.occurrences, v_prevs[r.n], v_hashes[r.n]
      FROM ROWS FROM (jsonb_to_recordset(p_rows) AS (
            id uuid, actor_type text, actor_id text, actor_hint text, action text, resource_type text,
            resource_id text, outcome text, code text, request_id text, client_address text, user_agent text,
            occurrences integer)) WITH ORDINALITY
           AS r(id, actor_type, actor_id, actor_hint, action, resource_type, resource_id, outcome, code,
                request_id, client_address, user_agent, occurrences, n);
    RETURN (v_seq - v_base)::integer;
END
$$;
-- A new owner needs CREATE on the function's schema at the moment of the change, and only then (V10).
GRANT CREATE ON SCHEMA public TO ${audit_writer_role};
ALTER FUNCTION eclips_audit_link(uuid, jsonb) OWNER TO ${audit_writer_role};
REVOKE ALL ON FUNCTION eclips_audit_link(uuid, jsonb) FROM PUBLIC;

-- The group commit: each org entered with its proof, then linked; the transaction stays bound to the
-- last org, as before.
CREATE OR REPLACE FUNCTION eclips_append_audit_per_org(p_batch jsonb)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org   record;
    v_count integer := 0;
BEGIN
    FOR v_org IN SELECT (e ->> 'org')::uuid AS org, e ->> 'proof' AS proof, e -> 'rows' AS rows
                   FROM jsonb_array_elements(p_batch) e LOOP
        PERFORM public.eclips_enter_org(v_org.org, v_org.proof);
        v_count := v_count + public.eclips_audit_link(v_org.org, v_org.rows);
    END LOOP;
    RETURN v_count;
END
$$;
ALTER FUNCTION eclips_append_audit_per_org(jsonb) OWNER TO ${audit_writer_role};
REVOKE CREATE ON SCHEMA public FROM ${audit_writer_role};
REVOKE ALL ON FUNCTION eclips_append_audit_per_org(jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_append_audit_per_org(jsonb) TO ${app_role};
GRANT EXECUTE ON FUNCTION eclips_enter_org(uuid, text) TO ${audit_writer_role};
