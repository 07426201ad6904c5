-- The platform gate: orgs, plans, the platform's own Idempotency-Keys, and the idempotency keys' purge.
-- Repeatable: the current body of each function below, as V1..V25 left it (docs/database.md,
-- "Functions"). Edit a body here; a changed signature, owner, grant or a drop needs a V migration.
-- CREATE OR REPLACE keeps each function's owner, grants and comment as the V files set them.

CREATE OR REPLACE FUNCTION eclips_gate.platform_create_org(p_id uuid, p_name text, p_plan text)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    INSERT INTO public.organizations (id, name, plan) VALUES (p_id, p_name, p_plan)
$function$
;

CREATE OR REPLACE FUNCTION eclips_gate.platform_change_plan(p_id uuid, p_plan text)
 RETURNS boolean
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    WITH changed AS (
        UPDATE public.organizations SET plan = p_plan, updated_at = now() WHERE id = p_id RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM changed)
$function$
;

CREATE OR REPLACE FUNCTION eclips_gate.purge_expired_idempotency_keys()
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_count bigint;
    v_platform bigint;
BEGIN
    DELETE FROM public.idempotency_keys WHERE expires_at < now();
    GET DIAGNOSTICS v_count = ROW_COUNT;
    DELETE FROM public.platform_idempotency_keys WHERE expires_at < now();
    GET DIAGNOSTICS v_platform = ROW_COUNT;
    RETURN v_count + v_platform;
END
$function$
;

CREATE OR REPLACE FUNCTION eclips_gate.platform_idempotency_claim(p_key text, p_hash bytea)
 RETURNS TABLE(claimed boolean, same_request boolean, response_status integer, response_body text, response_location text, response_withheld boolean)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    INSERT INTO public.platform_idempotency_keys AS k (idem_key, request_hash, expires_at)
    VALUES (p_key, p_hash, now() + interval '24 hours')
    ON CONFLICT (idem_key) DO UPDATE SET request_hash = EXCLUDED.request_hash,
        response_status = NULL, response_body = NULL, response_location = NULL,
        response_withheld = false, created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE k.expires_at < now();
    IF FOUND THEN
        RETURN QUERY SELECT true, true, NULL::integer, NULL::text, NULL::text, false;
        RETURN;
    END IF;
    RETURN QUERY SELECT false, k.request_hash = p_hash, k.response_status, k.response_body,
                        k.response_location, k.response_withheld
                   FROM public.platform_idempotency_keys k WHERE k.idem_key = p_key;
END
$function$
;

CREATE OR REPLACE FUNCTION eclips_gate.platform_idempotency_remember(p_key text, p_hash bytea, p_status integer, p_body text, p_location text, p_withheld boolean)
 RETURNS boolean
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    WITH answered AS (
        UPDATE public.platform_idempotency_keys
           SET response_status = p_status, response_body = p_body, response_location = p_location,
               response_withheld = p_withheld
         WHERE idem_key = p_key AND request_hash = p_hash AND response_status IS NULL
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM answered)
$function$
;

CREATE OR REPLACE FUNCTION eclips_gate.platform_idempotency_release(p_key text, p_hash bytea)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    DELETE FROM public.platform_idempotency_keys
     WHERE idem_key = p_key AND request_hash = p_hash AND response_status IS NULL
$function$
;
