-- The platform gate: orgs, plans, and the idempotency keys' purge.
-- Repeatable: the current body of each function below, as V1..V23 left it (docs/database.md,
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
BEGIN
    DELETE FROM public.idempotency_keys WHERE expires_at < now();
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$function$
;
