-- The audit append, set-based (issue 10): the same batch format, checks, chain lock and hash definition
-- as V10, but each org's rows are inserted by ONE statement instead of one INSERT per row. The loop now
-- only computes the chain (seq, prev_hash, hash) into arrays; the INSERT reads the rows a second time
-- from the batch, by their position. Measured on the group commit's batches (40 orgs × 50 rows, app
-- role): about 75 µs of PostgreSQL CPU per entry before, about 30 after; the hash loop alone is ~15.
CREATE OR REPLACE FUNCTION eclips_append_audit(p_batch jsonb)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_tenant uuid := public.eclips_current_org();
    v_org    record;
    v_row    record;
    v_base   bigint;
    v_seq    bigint;
    v_prev   bytea;
    v_hash   bytea;
    v_prevs  bytea[];
    v_hashes bytea[];
    v_count  integer := 0;
BEGIN
    IF v_tenant IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    FOR v_org IN SELECT (e ->> 'org')::uuid AS org, e -> 'rows' AS rows FROM jsonb_array_elements(p_batch) e LOOP
        IF v_org.org IS DISTINCT FROM v_tenant THEN
            RAISE EXCEPTION 'audit rows for another org than the tenant' USING ERRCODE = '42501';
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended(v_org.org::text, 7));
        v_seq := NULL;
        v_prev := NULL;
        SELECT a.seq, a.hash INTO v_seq, v_prev FROM public.audit_log a
         WHERE a.org_id = v_org.org ORDER BY a.seq DESC LIMIT 1;
        IF NOT FOUND THEN
            SELECT n.through_seq, n.hash INTO v_seq, v_prev FROM public.audit_anchors n
             WHERE n.org_id = v_org.org ORDER BY n.through_seq DESC LIMIT 1;
        END IF;
        v_base := coalesce(v_seq, 0);
        v_seq := v_base;
        v_prevs := '{}';
        v_hashes := '{}';
        FOR v_row IN SELECT * FROM jsonb_to_recordset(v_org.rows) AS r(
                at text, actor_type text, actor_id text, actor_hint text, action text, resource_type text,
                resource_id text, outcome text, code text, request_id text, client_address text, user_agent text,
                occurrences integer) LOOP
            v_seq := v_seq + 1;
            v_hash := sha256(coalesce(v_prev, ''::bytea) || convert_to(concat_ws(chr(31), v_seq::text, v_row.at,
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
        SELECT v_org.org, r.id, v_base + r.n, r.at::timestamptz, r.actor_type, r.actor_id, r.actor_hint, r.action,
               r.resource_type, r.resource_id, r.outcome, r.code, r.request_id, r.client_address, r.user_agent,
               r.occurrences, v_prevs[r.n], v_hashes[r.n]
          FROM ROWS FROM (jsonb_to_recordset(v_org.rows) AS (
                id uuid, at text, actor_type text, actor_id text, actor_hint text, action text, resource_type text,
                resource_id text, outcome text, code text, request_id text, client_address text, user_agent text,
                occurrences integer)) WITH ORDINALITY
               AS r(id, at, actor_type, actor_id, actor_hint, action, resource_type, resource_id, outcome, code,
                    request_id, client_address, user_agent, occurrences, n);
        v_count := v_count + (v_seq - v_base)::integer;
    END LOOP;
    RETURN v_count;
END
$$;
