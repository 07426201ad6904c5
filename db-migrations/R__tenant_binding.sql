-- The verified tenant binding (V22): the proof the platform hands out and the session's org.
-- Repeatable: the current body of each function below, as V1..V26 left it (docs/database.md,
-- "Functions"). Edit a body here; a changed signature, owner, grant or a drop needs a V migration.
-- CREATE OR REPLACE keeps each function's owner, grants and comment as the V files set them.

CREATE OR REPLACE FUNCTION public.eclips_current_org()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v_org text := current_setting('app.org_id', true);
BEGIN
    IF v_org IS NULL OR v_org = '' THEN
        RETURN NULL;
    END IF;
    IF current_setting('app.org_proof', true) IS DISTINCT FROM eclips_gate.tenant_binding_mac(v_org) THEN
        RAISE EXCEPTION 'tenant binding without a valid proof' USING ERRCODE = '42501';
    END IF;
    RETURN v_org::uuid;
END
$function$
;

CREATE OR REPLACE FUNCTION public.eclips_enter_org(p_org uuid, p_proof text)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF p_org IS NULL OR p_proof IS NULL
       OR p_proof IS DISTINCT FROM eclips_gate.tenant_binding_mac(p_org::text) THEN
        RAISE EXCEPTION 'tenant binding refused: the proof does not match the org' USING ERRCODE = '42501';
    END IF;
    -- SET LOCAL (not set_config) so that Citus forwards it; both values are checked text (a UUID's
    -- canonical form, 64 hex digits), quoted by format's %L all the same.
    EXECUTE format('SET LOCAL app.org_id = %L', p_org::text);
    EXECUTE format('SET LOCAL app.org_proof = %L', p_proof);
    RETURN true;
END
$function$
;

-- V38: PL/pgSQL and the key row's primary key (the policies' check runs once per statement).
CREATE OR REPLACE FUNCTION eclips_gate.tenant_binding_mac(p_org text)
 RETURNS text
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
 SET enable_seqscan TO 'off'
AS $function$
DECLARE
    v_mac text;
BEGIN
    SELECT encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to(p_org, 'UTF8'))), 'hex')
      INTO v_mac
      FROM eclips_gate.tenant_binding_key k
     WHERE k.only_row;
    RETURN v_mac;
END
$function$
;

CREATE OR REPLACE FUNCTION eclips_gate.tenant_binding_proof(p_org uuid)
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT eclips_gate.tenant_binding_mac(p_org::text) $function$
;

CREATE OR REPLACE FUNCTION public.eclips_enter_org_reading_credits(p_org uuid, p_proof text, OUT balance bigint, OUT used bigint, OUT budget bigint)
 RETURNS record
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
BEGIN
    PERFORM eclips_enter_org(p_org, p_proof);
    -- inline, naming the org just verified: the common case costs one primary-key lookup (and its
    -- policy's check), not a nested function call re-deriving the org
    SELECT p.balance, p.used, p.budget INTO balance, used, budget FROM credit_usage_periods p
     WHERE p.org_id = p_org AND p.period_start = eclips_credit_period();
    IF NOT FOUND THEN
        SELECT l.balance, l.used, l.budget INTO balance, used, budget FROM eclips_credit_level() l;
    END IF;
END
$function$
;
