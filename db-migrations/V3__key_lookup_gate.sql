-- The one lookup that crosses orgs: an API key's digest -> that key's record and its org's plan.
-- It runs as the NOLOGIN role ${lookup_role}, whose only privileges are SELECT on the three tables
-- below, through policies that name that role alone. The app role gets EXECUTE on the function and
-- nothing else: it cannot list digests, keys or orgs, and it has no way around RLS.
-- The function returns at most one row, for exactly the digest it is given.

CREATE SCHEMA eclips_gate;
GRANT USAGE ON SCHEMA eclips_gate TO ${app_role};
GRANT USAGE, CREATE ON SCHEMA eclips_gate TO ${lookup_role}, ${platform_role};
GRANT USAGE ON SCHEMA public TO ${lookup_role}, ${platform_role};

GRANT SELECT ON api_key_digests, api_keys, organizations TO ${lookup_role};
CREATE POLICY key_lookup ON api_key_digests FOR SELECT TO ${lookup_role} USING (true);
CREATE POLICY key_lookup ON api_keys FOR SELECT TO ${lookup_role} USING (true);
CREATE POLICY key_lookup ON organizations FOR SELECT TO ${lookup_role} USING (true);

CREATE FUNCTION eclips_gate.resolve_api_key(p_digest bytea)
    RETURNS TABLE (org_id uuid, key_id uuid, mode text, name text, hint text, scopes text,
                   rate_limit_per_minute integer, expires_at timestamptz, revoked_at timestamptz,
                   plan text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT k.org_id, k.id, k.mode, k.name, k.hint, k.scopes, k.rate_limit_per_minute,
           k.expires_at, k.revoked_at, o.plan
      FROM public.api_key_digests d
      JOIN public.api_keys k ON k.org_id = d.org_id AND k.id = d.key_id
      JOIN public.organizations o ON o.id = k.org_id
     WHERE d.digest = p_digest
$$;

ALTER FUNCTION eclips_gate.resolve_api_key(bytea) OWNER TO ${lookup_role};
REVOKE ALL ON FUNCTION eclips_gate.resolve_api_key(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.resolve_api_key(bytea) TO ${app_role};
