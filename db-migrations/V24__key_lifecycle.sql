-- Key lifecycle (issue 22): a key can be disabled and enabled again without being revoked, a rotated
-- key can keep working for a grace period (its revoked_at then lies in the future, at most 24 h
-- ahead), and a key entering the expiry-warning window is audited once.
--   disabled_at       set while the key is disabled; the lookup returns it, so a disabled key is
--                     refused (401 api_key_disabled) by every node as soon as its cache forgets it
--   expiry_warned_at  when the expiry warning was audited; cleared when the expiry changes
ALTER TABLE api_keys ADD COLUMN disabled_at timestamptz;
ALTER TABLE api_keys ADD COLUMN expiry_warned_at timestamptz;

-- The lookup (V3, V16) also returns disabled_at: a new result type, so the function is dropped and
-- made again with V3's owner and grants.
DROP FUNCTION eclips_gate.resolve_api_key(bytea);
CREATE FUNCTION eclips_gate.resolve_api_key(p_digest bytea)
    RETURNS TABLE (org_id uuid, key_id uuid, mode text, name text, hint text, scopes text,
                   rate_limit_per_minute integer, expires_at timestamptz, revoked_at timestamptz,
                   disabled_at timestamptz, plan text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT k.org_id, k.id, k.mode, k.name, k.hint, k.scopes, k.rate_limit_per_minute,
           k.expires_at, k.revoked_at, k.disabled_at, o.plan
      FROM public.api_key_digests d
      JOIN public.api_keys k ON k.org_id = d.org_id AND k.id = d.key_id
      JOIN public.organizations o ON o.id = k.org_id
     WHERE d.digest = p_digest;
END
$$;
ALTER FUNCTION eclips_gate.resolve_api_key(bytea) OWNER TO ${lookup_role};
REVOKE ALL ON FUNCTION eclips_gate.resolve_api_key(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.resolve_api_key(bytea) TO ${app_role};

-- The expiry-warning timer asks which orgs have a key (not revoked) that expires within the window
-- and was not yet warned about: ids only, like all_org_ids, for the platform connection alone. Each
-- org's keys are then read and marked in a transaction bound to that org, under RLS.
CREATE FUNCTION eclips_gate.orgs_with_keys_expiring(p_within_seconds integer)
    RETURNS TABLE (org_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT DISTINCT k.org_id FROM public.api_keys k
     WHERE k.expiry_warned_at IS NULL
       AND k.expires_at > now()
       AND k.expires_at <= now() + make_interval(secs => least(greatest(p_within_seconds, 0), 31536000))
       AND (k.revoked_at IS NULL OR k.revoked_at > now())
     LIMIT 10000
$$;
ALTER FUNCTION eclips_gate.orgs_with_keys_expiring(integer) OWNER TO ${lookup_role};
REVOKE ALL ON FUNCTION eclips_gate.orgs_with_keys_expiring(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.orgs_with_keys_expiring(integer) TO ${platform_app_role};

CREATE INDEX api_keys_expiry_unwarned ON api_keys (expires_at)
    WHERE expiry_warned_at IS NULL AND expires_at IS NOT NULL;
