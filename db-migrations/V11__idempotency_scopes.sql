-- Idempotency keys are scoped per org AND mode on /v1, and apart from both for platform operations
-- (CONTRACT §3, §6): a test key's Idempotency-Key never replays or blocks a live request, and a
-- platform grant's key never meets an org's own.
ALTER TABLE idempotency_keys
    ADD COLUMN scope text NOT NULL DEFAULT 'live' CHECK (scope IN ('live', 'test', 'platform'));
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_org_id_idem_key_key;
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_org_scope_key UNIQUE (org_id, scope, idem_key);
ALTER TABLE idempotency_keys ALTER COLUMN scope DROP DEFAULT;
CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);

-- Expired keys are deleted by a housekeeping job on the platform connection (V10): the function,
-- owned by the retention role, may delete expired rows of any org and nothing else.
GRANT SELECT, DELETE ON idempotency_keys TO ${retention_role};
CREATE POLICY retention_deletes_expired ON idempotency_keys FOR ALL TO ${retention_role}
    USING (expires_at < now());

CREATE FUNCTION eclips_gate.purge_expired_idempotency_keys()
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count bigint;
BEGIN
    DELETE FROM public.idempotency_keys WHERE expires_at < now();
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
ALTER FUNCTION eclips_gate.purge_expired_idempotency_keys() OWNER TO ${retention_role};
REVOKE ALL ON FUNCTION eclips_gate.purge_expired_idempotency_keys() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.purge_expired_idempotency_keys() TO ${platform_app_role};
