-- Platform operations (creating orgs, changing plans) cross orgs by nature. They run as the NOLOGIN role
-- ${platform_role} through these two functions only. In the application only the platform boundary
-- (tech.eclips.workforce.platform) calls them, behind the platform_admin JWT group; an architecture
-- test fails if any other package names them.

GRANT SELECT, INSERT ON organizations TO ${platform_role};
GRANT UPDATE (plan, updated_at) ON organizations TO ${platform_role};
CREATE POLICY platform_manages_orgs ON organizations FOR ALL TO ${platform_role}
    USING (true) WITH CHECK (true);

CREATE FUNCTION eclips_gate.platform_create_org(p_id uuid, p_name text, p_plan text)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO public.organizations (id, name, plan) VALUES (p_id, p_name, p_plan)
$$;

CREATE FUNCTION eclips_gate.platform_change_plan(p_id uuid, p_plan text)
    RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH changed AS (
        UPDATE public.organizations SET plan = p_plan, updated_at = now() WHERE id = p_id RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM changed)
$$;

ALTER FUNCTION eclips_gate.platform_create_org(uuid, text, text) OWNER TO ${platform_role};
ALTER FUNCTION eclips_gate.platform_change_plan(uuid, text) OWNER TO ${platform_role};
REVOKE ALL ON FUNCTION eclips_gate.platform_create_org(uuid, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION eclips_gate.platform_change_plan(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.platform_create_org(uuid, text, text) TO ${app_role};
GRANT EXECUTE ON FUNCTION eclips_gate.platform_change_plan(uuid, text) TO ${app_role};
