-- The audit time text in PL/pgSQL, and the chain step calling it again (issue 26). V39 wrote the
-- time text inline in eclips_audit_link because eclips_audit_time_text, a SQL function with a SET
-- clause, is planned on every call (5.7-6.1 µs a call): a second definition of the text every hash
-- covers, whose only guard against drifting from the first was a test. Here the shared function
-- itself gets cheap, as V38 did for the binding's MAC: in PL/pgSQL its plan is kept for the session
-- (3.3-3.6 µs a call, against 1.2 inline, 20,000 calls a series on the benchmark's database), and the
-- chain step calls it, so the text is defined once in the database. Same text for every time (the
-- same expressions; the audit ITs recompute every hash with it), same owner, rights and settings.

CREATE OR REPLACE FUNCTION eclips_audit_time_text(p_at timestamptz)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_utc timestamp := p_at AT TIME ZONE 'UTC';
    v_us  text := to_char(v_utc, 'US');
BEGIN
    RETURN to_char(v_utc, 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN v_us = '000000' THEN '' WHEN right(v_us, 3) = '000' THEN '.' || left(v_us, 3)
                ELSE '.' || v_us END
        || 'Z';
END
$$;

-- The chain step, as V39 made it, with the time text through the function above.
CREATE OR REPLACE FUNCTION eclips_audit_link(p_org uuid, p_rows jsonb)
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
    v_text   text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_org::text, 7));
    -- under the lock: no appender of this org that comes later can read an earlier clock
    v_at := clock_timestamp();
    v_text := public.eclips_audit_time_text(v_at);
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
