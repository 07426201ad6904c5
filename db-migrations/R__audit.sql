-- The audit log: appending (per org and across orgs), its time text, retention and the purge.
-- Repeatable: the current body of each function below, as V1..V40 left it (docs/database.md,
-- "Functions"). Edit a body here; a changed signature, owner, grant or a drop needs a V migration.
-- CREATE OR REPLACE keeps each function's owner, grants and comment as the V files set them.

CREATE OR REPLACE FUNCTION public.eclips_append_audit(p_batch jsonb)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_tenant uuid := public.eclips_current_org();
    v_org    record;
    v_count  integer := 0;
BEGIN
    IF v_tenant IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    FOR v_org IN SELECT (e ->> 'org')::uuid AS org, e -> 'rows' AS rows FROM jsonb_array_elements(p_batch) e LOOP
        IF v_org.org IS DISTINCT FROM v_tenant THEN
            RAISE EXCEPTION 'audit rows for another org than the tenant' USING ERRCODE = '42501';
        END IF;
        -- the chain step (V39): lock, the database's time, the tail, the linked rows
        v_count := v_count + public.eclips_audit_link(v_org.org, v_org.rows);
    END LOOP;
    RETURN v_count;
END
$function$
;

CREATE OR REPLACE FUNCTION public.eclips_audit_link(p_org uuid, p_rows jsonb)
 RETURNS integer
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.eclips_append_audit_per_org(p_batch jsonb)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.eclips_audit_time_text(p_at timestamp with time zone)
 RETURNS text
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_utc timestamp := p_at AT TIME ZONE 'UTC';
    v_us  text := to_char(v_utc, 'US');
BEGIN
    RETURN to_char(v_utc, 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN v_us = '000000' THEN '' WHEN right(v_us, 3) = '000' THEN '.' || left(v_us, 3)
                ELSE '.' || v_us END
        || 'Z';
END
$function$
;

CREATE OR REPLACE FUNCTION public.eclips_audit_retained_since()
 RETURNS timestamp with time zone
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT now() - make_interval(days => r.days)
      FROM public.organizations o JOIN public.plan_audit_retention r ON r.plan = o.plan
     WHERE o.id = public.eclips_current_org()
$function$
;

CREATE OR REPLACE FUNCTION eclips_gate.purge_audit_log()
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
 SET "TimeZone" TO 'UTC'
AS $function$
DECLARE
    v_org    uuid := public.eclips_current_org();
    v_before timestamptz;
    v_old    bigint;
    v_kept   bigint;
    v_last   record;
    v_count  bigint;
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    v_before := public.eclips_audit_retained_since();
    IF v_before IS NULL THEN
        RETURN 0;
    END IF;
    -- the chain lock: no append can link to an entry this purge is removing
    PERFORM pg_advisory_xact_lock(hashtextextended(v_org::text, 7));
    -- the newest old entry bounds what may go; the first entry inside retention up to it, if any,
    -- ends the run that goes (both reads stay within the entries that are candidates)
    SELECT max(a.seq) INTO v_old FROM public.audit_log a
     WHERE a.org_id = v_org AND a.occurred_at < v_before;
    IF v_old IS NULL THEN
        RETURN 0;
    END IF;
    SELECT min(a.seq) INTO v_kept FROM public.audit_log a
     WHERE a.org_id = v_org AND a.seq <= v_old AND a.occurred_at >= v_before;
    SELECT a.seq, a.hash INTO v_last FROM public.audit_log a
     WHERE a.org_id = v_org AND a.seq <= v_old AND (v_kept IS NULL OR a.seq < v_kept)
     ORDER BY a.seq DESC LIMIT 1;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    INSERT INTO public.audit_anchors (org_id, id, through_seq, hash)
    VALUES (v_org, gen_random_uuid(), v_last.seq, v_last.hash)
    ON CONFLICT (org_id, through_seq) DO NOTHING;
    DELETE FROM public.audit_log WHERE org_id = v_org AND seq <= v_last.seq;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$function$
;

CREATE OR REPLACE FUNCTION eclips_gate.purge_events()
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_org    uuid := public.eclips_current_org();
    v_before timestamptz;
    v_count  bigint;
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    v_before := public.eclips_audit_retained_since();
    IF v_before IS NULL THEN
        RETURN 0;
    END IF;
    DELETE FROM public.events WHERE org_id = v_org AND created_at < v_before;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$function$
;
