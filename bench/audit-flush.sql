-- The audit group commit's cost per org, by hand (issue 26, round five, session 20). Run it as the
-- admin on the benchmark's database after a benchmark run (bench/run.sh leaves eclips_bench behind):
--
--   psql -h 127.0.0.1 -U postgres -d eclips_bench -v fn=public.eclips_append_audit_per_org \
--        -v stage=5 -v entries=3 -v rounds=10 -f bench/audit-flush.sql
--
-- It builds one flush's batch (the first 100 orgs, each with its proof and `entries` entries shaped
-- like a GET /v1/me entry) and calls `fn` with it `rounds` times as the app role, each call rolled back
-- (a subtransaction), and prints the times sorted (ms; the first call of a session plans everything).
-- fn=bench_scratch.audit_flush_stage is the group commit and the chain step in one function with cut
-- points: `stage` 1 enters each org (the proof checked, the binding set); 2 also takes the chain lock,
-- the clock and the time text; 3 also reads the tail; 4 also hashes the entries; 5 also inserts them
-- (the whole flush). Differences between stages are the steps' costs. The stage function is a copy
-- of the group commit and chain step (V39, V40) (eclips_append_audit_per_org, eclips_audit_link) with the
-- cut points, inline: when those change, change it with them. Rolled-back rows leave dead
-- index entries behind (this machine's PostgreSQL runs without autovacuum): compare only calls
-- interleaved in one state, and VACUUM audit_log between series.
DROP SCHEMA IF EXISTS bench_scratch CASCADE;
CREATE SCHEMA bench_scratch;
GRANT USAGE ON SCHEMA bench_scratch TO PUBLIC;
CREATE FUNCTION bench_scratch.audit_flush_stage(p_batch jsonb)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_org    record;
    v_row    record;
    v_base   bigint;
    v_seq    bigint;
    v_prev   bytea;
    v_hash   bytea;
    v_prevs  bytea[];
    v_hashes bytea[];
    v_at     timestamptz;
    v_text   text;
    v_count  integer := 0;
    v_stage  int := current_setting('bench.stage')::int;
BEGIN
    FOR v_org IN SELECT (e ->> 'org')::uuid AS org, e ->> 'proof' AS proof, e -> 'rows' AS rows
                   FROM jsonb_array_elements(p_batch) e LOOP
        PERFORM public.eclips_enter_org(v_org.org, v_org.proof);
        CONTINUE WHEN v_stage < 2;
        PERFORM pg_advisory_xact_lock(hashtextextended(v_org.org::text, 7));
        v_at := clock_timestamp();
        v_text := public.eclips_audit_time_text(v_at);
        CONTINUE WHEN v_stage < 3;
        v_seq := NULL;
        v_prev := NULL;
        SELECT a.seq, a.hash INTO v_seq, v_prev FROM public.audit_log a
         WHERE a.org_id = v_org.org ORDER BY a.seq DESC LIMIT 1;
        IF NOT FOUND THEN
            SELECT n.through_seq, n.hash INTO v_seq, v_prev FROM public.audit_anchors n
             WHERE n.org_id = v_org.org ORDER BY n.through_seq DESC LIMIT 1;
            IF NOT FOUND AND NOT EXISTS (SELECT 1 FROM public.organizations o WHERE o.id = v_org.org) THEN
                RAISE EXCEPTION 'audit rows for an org that does not exist' USING ERRCODE = '23503';
            END IF;
        END IF;
        CONTINUE WHEN v_stage < 4;
        v_base := coalesce(v_seq, 0);
        v_seq := v_base;
        v_prevs := '{}';
        v_hashes := '{}';
        FOR v_row IN SELECT * FROM jsonb_to_recordset(v_org.rows) AS r(
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
        CONTINUE WHEN v_stage < 5;
        INSERT INTO public.audit_log (org_id, id, seq, occurred_at, actor_type, actor_id, actor_hint, action,
                                      resource_type, resource_id, outcome, code, request_id, client_address,
                                      user_agent, occurrences, prev_hash, hash)
        SELECT v_org.org, r.id, v_base + r.n, v_at, r.actor_type, r.actor_id, r.actor_hint, r.action,
               r.resource_type, r.resource_id, r.outcome, r.code, r.request_id, r.client_address, r.user_agent,
               r.occurrences, v_prevs[r.n], v_hashes[r.n]
          FROM ROWS FROM (jsonb_to_recordset(v_org.rows) AS (
                id uuid, actor_type text, actor_id text, actor_hint text, action text, resource_type text,
                resource_id text, outcome text, code text, request_id text, client_address text, user_agent text,
                occurrences integer)) WITH ORDINALITY
               AS r(id, actor_type, actor_id, actor_hint, action, resource_type, resource_id, outcome, code,
                    request_id, client_address, user_agent, occurrences, n);
        v_count := v_count + (v_seq - v_base)::integer;
    END LOOP;
    RETURN v_count;
END
$function$;
ALTER FUNCTION bench_scratch.audit_flush_stage(jsonb) OWNER TO eclips_audit_writer;
GRANT EXECUTE ON FUNCTION bench_scratch.audit_flush_stage(jsonb) TO PUBLIC;

WITH x AS (
  SELECT o.id, eclips_gate.tenant_binding_proof(o.id) AS proof,
         (SELECT jsonb_agg(jsonb_build_object('id', gen_random_uuid(), 'actor_type', 'api_key',
        'actor_id', gen_random_uuid()::text, 'actor_hint', 'eck_test_abcd…wxyz', 'action', 'GET /v1/me',
        'resource_type', 'org', 'resource_id', o.id::text, 'outcome', 'allowed', 'code', null,
        'request_id', gen_random_uuid()::text, 'client_address', '127.0.0.1', 'user_agent', 'wrk',
        'occurrences', 1 + 0 * g)) FROM generate_series(1, :entries) g) AS rows
    FROM (SELECT id FROM organizations ORDER BY id LIMIT 100) o)
SELECT set_config('bench.batch', (SELECT jsonb_agg(jsonb_build_object('org', id, 'proof', proof, 'rows', rows)) FROM x)::text, false) IS NOT NULL AS batch_set \gset
SET ROLE eclips_app;
SELECT set_config('bench.stage', :'stage', false) IS NOT NULL AS st_set \gset
SELECT set_config('bench.fn', :'fn', false) IS NOT NULL AS fn_set \gset
SELECT set_config('bench.rounds', :'rounds', false) IS NOT NULL AS r_set \gset
DO $$
DECLARE b jsonb := current_setting('bench.batch')::jsonb; t0 timestamptz; ms numeric[] := '{}'; n int;
BEGIN
  FOR i IN 1..current_setting('bench.rounds')::int LOOP
    t0 := clock_timestamp();
    BEGIN
      EXECUTE format('SELECT %s($1)', current_setting('bench.fn')) INTO n USING b;
      RAISE EXCEPTION 'rollback' USING ERRCODE = 'P0002';
    EXCEPTION WHEN no_data_found THEN NULL;
    END;
    ms := ms || round(extract(epoch from clock_timestamp() - t0)::numeric * 1000, 2);
  END LOOP;
  RAISE NOTICE '% n=% ms sorted=%', current_setting('bench.fn'), n, (SELECT array_agg(x ORDER BY x) FROM unnest(ms) x);
END $$;
RESET ROLE;
