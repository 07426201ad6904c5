-- Row-Level Security: the last ring of tenant isolation.
-- The tenant is a transaction-local setting (SET LOCAL app.org_id = '<uuid>'), never a session one, so a
-- pooled connection can never carry one org's tenant into another org's transaction.
-- Every table with an org_id column has RLS ENABLED and FORCED (the owner is bound too); the catalog
-- test (it.tech.eclips.workforce.tenancy.RowLevelSecurityCatalogIT) fails if one is added without.
-- With no tenant set, eclips_current_org() is NULL, so no policy matches: zero rows, no writes.

-- No SET search_path here on purpose: it would stop the planner from inlining the function into every
-- policy. It calls only pg_catalog functions, which are always resolved first.
CREATE FUNCTION eclips_current_org() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('app.org_id', true), '')::uuid $$;

REVOKE ALL ON FUNCTION eclips_current_org() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_current_org() TO ${app_role};

GRANT USAGE ON SCHEMA public TO ${app_role};

-- organizations: the app may read its own org only; creating orgs and changing plans go through the
-- platform functions (V4), never through a tenant request.
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
GRANT SELECT ON organizations TO ${app_role};
CREATE POLICY tenant_reads_own_org ON organizations FOR SELECT TO ${app_role}
    USING (id = eclips_current_org());

-- api_key_digests: the app may add a digest for its own org's key, never read the table; resolving a
-- key across orgs goes only through eclips_gate.resolve_api_key (V3).
ALTER TABLE api_key_digests ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_key_digests FORCE ROW LEVEL SECURITY;
GRANT INSERT ON api_key_digests TO ${app_role};
CREATE POLICY tenant_adds_own_digest ON api_key_digests FOR INSERT TO ${app_role}
    WITH CHECK (org_id = eclips_current_org());

-- Tenant tables the application reads and changes.
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON api_keys TO ${app_role};
CREATE POLICY tenant_isolation ON api_keys FOR ALL TO ${app_role}
    USING (org_id = eclips_current_org()) WITH CHECK (org_id = eclips_current_org());

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON documents TO ${app_role};
CREATE POLICY tenant_isolation ON documents FOR ALL TO ${app_role}
    USING (org_id = eclips_current_org()) WITH CHECK (org_id = eclips_current_org());

ALTER TABLE agent_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_runs FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON agent_runs TO ${app_role};
CREATE POLICY tenant_isolation ON agent_runs FOR ALL TO ${app_role}
    USING (org_id = eclips_current_org()) WITH CHECK (org_id = eclips_current_org());

ALTER TABLE triage_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE triage_items FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON triage_items TO ${app_role};
CREATE POLICY tenant_isolation ON triage_items FOR ALL TO ${app_role}
    USING (org_id = eclips_current_org()) WITH CHECK (org_id = eclips_current_org());

ALTER TABLE agent_trust_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_trust_profiles FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON agent_trust_profiles TO ${app_role};
CREATE POLICY tenant_isolation ON agent_trust_profiles FOR ALL TO ${app_role}
    USING (org_id = eclips_current_org()) WITH CHECK (org_id = eclips_current_org());

ALTER TABLE agent_circuit_breakers ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_circuit_breakers FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON agent_circuit_breakers TO ${app_role};
CREATE POLICY tenant_isolation ON agent_circuit_breakers FOR ALL TO ${app_role}
    USING (org_id = eclips_current_org()) WITH CHECK (org_id = eclips_current_org());

ALTER TABLE credit_usage_periods ENABLE ROW LEVEL SECURITY;
ALTER TABLE credit_usage_periods FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON credit_usage_periods TO ${app_role};
CREATE POLICY tenant_isolation ON credit_usage_periods FOR ALL TO ${app_role}
    USING (org_id = eclips_current_org()) WITH CHECK (org_id = eclips_current_org());

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO ${app_role};
CREATE POLICY tenant_isolation ON idempotency_keys FOR ALL TO ${app_role}
    USING (org_id = eclips_current_org()) WITH CHECK (org_id = eclips_current_org());

-- Append-only tenant tables: SELECT and INSERT, no UPDATE or DELETE grant and no such policy.
ALTER TABLE credit_ledger ENABLE ROW LEVEL SECURITY;
ALTER TABLE credit_ledger FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT ON credit_ledger TO ${app_role};
CREATE POLICY tenant_reads_own ON credit_ledger FOR SELECT TO ${app_role}
    USING (org_id = eclips_current_org());
CREATE POLICY tenant_appends_own ON credit_ledger FOR INSERT TO ${app_role}
    WITH CHECK (org_id = eclips_current_org());

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT ON audit_log TO ${app_role};
CREATE POLICY tenant_reads_own ON audit_log FOR SELECT TO ${app_role}
    USING (org_id = eclips_current_org());
CREATE POLICY tenant_appends_own ON audit_log FOR INSERT TO ${app_role}
    WITH CHECK (org_id = eclips_current_org());
