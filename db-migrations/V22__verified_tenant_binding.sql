-- A tenant binding the database verifies (issue 20, item 2). Until now RLS trusted app.org_id, a
-- setting the app role sets itself, so whoever held the app role's password could read and write every
-- org. Now a binding counts only with a proof: HMAC-SHA-256 of the org id under a key that lives in this
-- database, in a table only the owner reads. The app role cannot compute a proof; the application asks
-- for one through its platform connection (${platform_app_role}, eclips_gate.tenant_binding_proof), once
-- per org, and keeps it in memory. The app role's password alone therefore opens no org: it takes the
-- platform role's password as well, which is the cross-org credential by definition.
--
-- One way in, the same on every path: eclips_enter_org(org, proof), transaction-local (SET LOCAL, which
-- Citus forwards to its workers; the function is parameterised, so neither the org nor the proof is in
-- any statement's text or in pg_stat_activity). The batch functions that bind one org after another
-- (audit group commit, coalesced accepts) take each org's proof with it and enter through the same
-- function. eclips_current_org(), which every policy and every tenant function reads, returns the org
-- only when the proof matches and raises 42501 when a binding carries a wrong one; with no binding it is
-- NULL (no rows, no writes), as before.

-- The key: 64 random bytes (four version-4 UUIDs, 488 random bits), stored as HMAC's inner and outer
-- pads so each proof is two SHA-256 calls. Rotating it (UPDATE as the owner) invalidates every proof:
-- restart the application afterwards (its proofs are cached for its lifetime).
CREATE TABLE eclips_gate.tenant_binding_key (
    only_row   boolean     PRIMARY KEY DEFAULT true CHECK (only_row),
    inner_pad  bytea       NOT NULL CHECK (length(inner_pad) = 64),
    outer_pad  bytea       NOT NULL CHECK (length(outer_pad) = 64),
    created_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON eclips_gate.tenant_binding_key FROM PUBLIC;

DO $$
DECLARE
    v_key   bytea := uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())
                  || uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid());
    v_inner bytea := v_key;
    v_outer bytea := v_key;
BEGIN
    FOR i IN 0 .. 63 LOOP
        v_inner := set_byte(v_inner, i, get_byte(v_key, i) # 54);  -- 0x36
        v_outer := set_byte(v_outer, i, get_byte(v_key, i) # 92);  -- 0x5c
    END LOOP;
    INSERT INTO eclips_gate.tenant_binding_key (inner_pad, outer_pad) VALUES (v_inner, v_outer);
END
$$;

-- The proof of one org, hex. Executable by nobody but its owner and the functions it owns.
CREATE FUNCTION eclips_gate.tenant_binding_mac(p_org text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to(p_org, 'UTF8'))), 'hex')
      FROM eclips_gate.tenant_binding_key k
$$;
REVOKE ALL ON FUNCTION eclips_gate.tenant_binding_mac(text) FROM PUBLIC;

-- The platform connection's way to a proof (the application caches it per org).
CREATE FUNCTION eclips_gate.tenant_binding_proof(p_org uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT eclips_gate.tenant_binding_mac(p_org::text) $$;
REVOKE ALL ON FUNCTION eclips_gate.tenant_binding_proof(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.tenant_binding_proof(uuid) TO ${platform_app_role};

-- The one way into a tenant. Refuses a wrong or missing proof before anything is bound.
CREATE FUNCTION public.eclips_enter_org(p_org uuid, p_proof text) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
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
$$;
REVOKE ALL ON FUNCTION public.eclips_enter_org(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.eclips_enter_org(uuid, text) TO ${app_role};

-- The tenant every policy and tenant function reads: the bound org when its proof matches. A binding
-- made by hand (SET LOCAL app.org_id without the proof, or with another org's) raises instead of
-- silently meaning "no rows", so a misuse is loud.
CREATE OR REPLACE FUNCTION public.eclips_current_org() RETURNS uuid
    LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
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
$$;

-- Every policy evaluates the tenant once per statement, not once per row: the call becomes a scalar
-- subquery (an InitPlan). It was inlined before; a checked binding cannot be.
DO $$
DECLARE
    p       record;
    v_using text;
    v_check text;
    v_sql   text;
BEGIN
    FOR p IN SELECT schemaname, tablename, policyname, qual, with_check FROM pg_policies
              WHERE qual LIKE '%eclips_current_org()%' OR with_check LIKE '%eclips_current_org()%' LOOP
        v_using := regexp_replace(p.qual, '(public\.)?eclips_current_org\(\)', '(SELECT public.eclips_current_org())', 'g');
        v_check := regexp_replace(p.with_check, '(public\.)?eclips_current_org\(\)', '(SELECT public.eclips_current_org())', 'g');
        v_sql := format('ALTER POLICY %I ON %I.%I', p.policyname, p.schemaname, p.tablename);
        IF v_using IS NOT NULL THEN
            v_sql := v_sql || ' USING (' || v_using || ')';
        END IF;
        IF v_check IS NOT NULL THEN
            v_sql := v_sql || ' WITH CHECK (' || v_check || ')';
        END IF;
        EXECUTE v_sql;
    END LOOP;
END
$$;

-- The group commit of audit entries: each org's entries come with that org's proof.
CREATE OR REPLACE FUNCTION eclips_append_audit_per_org(p_batch jsonb)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org   jsonb;
    v_count integer := 0;
BEGIN
    FOR v_org IN SELECT e FROM jsonb_array_elements(p_batch) e LOOP
        PERFORM public.eclips_enter_org((v_org ->> 'org')::uuid, v_org ->> 'proof');
        v_count := v_count + public.eclips_append_audit(jsonb_build_array(v_org));
    END LOOP;
    RETURN v_count;
END
$$;

-- Coalesced accepts: likewise, each accept with its org's proof.
CREATE OR REPLACE FUNCTION eclips_accept_runs(p_accepts jsonb)
    RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    v_accept  jsonb;
    v_outcome text := '';
BEGIN
    IF jsonb_typeof(p_accepts) <> 'array' THEN
        RAISE EXCEPTION 'accepts must be an array' USING ERRCODE = '22023';
    END IF;
    FOR v_accept IN SELECT e FROM jsonb_array_elements(p_accepts) e LOOP
        IF v_accept ->> 'org' IS NULL THEN
            RAISE EXCEPTION 'an accept without its org' USING ERRCODE = '22023';
        END IF;
        PERFORM public.eclips_enter_org((v_accept ->> 'org')::uuid, v_accept ->> 'proof');
        v_outcome := v_outcome || CASE WHEN eclips_accept_run(v_accept) THEN 't' ELSE 'f' END;
    END LOOP;
    RETURN v_outcome;
END
$$;
