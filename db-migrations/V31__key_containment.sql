-- Containment when a key leaks (issue 25, parts 2 and 4): contain a key without breaking the
-- integration that uses it, freeze an org's keys at once, and act on leak reports.
--   api_keys.allowed_ips      comma-joined CIDR ranges (IPv4/IPv6, at most 50: 2,200 characters in
--                             canonical form) the key may be used from; NULL: any
--   api_keys.quarantined_at   set while the key is quarantined: read-only scopes, a lower limit,
--                             pinned to quarantine_ips, every call audited in full
--   api_keys.quarantine_ips   the addresses a quarantined key is pinned to (those it was seen from)
--   org_settings.frozen_modes the modes whose keys are all refused (403 org_frozen): '', 'test',
--                             'live' or 'test,live'
--   org_settings.leak_action  what a verified leak report does to a key: quarantine it or revoke it
ALTER TABLE api_keys ADD COLUMN allowed_ips text CHECK (length(allowed_ips) BETWEEN 1 AND 2500);
ALTER TABLE api_keys ADD COLUMN quarantined_at timestamptz;
ALTER TABLE api_keys ADD COLUMN quarantine_ips text CHECK (length(quarantine_ips) <= 2500);

ALTER TABLE org_settings ADD COLUMN frozen_modes text NOT NULL DEFAULT ''
    CHECK (frozen_modes IN ('', 'test', 'live', 'test,live'));
ALTER TABLE org_settings ADD COLUMN leak_action text NOT NULL DEFAULT 'quarantine'
    CHECK (leak_action IN ('quarantine', 'revoke'));

-- The lookup reads the freeze with the key, so the freeze costs nothing on the hot path: it lives
-- in the cached key record, and a change reaches every node as any key change does (the feed).
GRANT SELECT ON org_settings TO ${lookup_role};
CREATE POLICY key_lookup ON org_settings FOR SELECT TO ${lookup_role} USING (true);

-- A new result type: dropped and made again with V3's owner and grants (the body: R__keys.sql).
DROP FUNCTION eclips_gate.resolve_api_key(bytea);
CREATE FUNCTION eclips_gate.resolve_api_key(p_digest bytea)
    RETURNS TABLE (org_id uuid, key_id uuid, mode text, name text, hint text, scopes text,
                   rate_limit_per_minute integer, expires_at timestamptz, revoked_at timestamptz,
                   disabled_at timestamptz, plan text, allowed_ips text, quarantined_at timestamptz,
                   quarantine_ips text, frozen_modes text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT k.org_id, k.id, k.mode, k.name, k.hint, k.scopes, k.rate_limit_per_minute,
           k.expires_at, k.revoked_at, k.disabled_at, o.plan, k.allowed_ips, k.quarantined_at,
           k.quarantine_ips, coalesce(s.frozen_modes, '')
      FROM public.api_key_digests d
      JOIN public.api_keys k ON k.org_id = d.org_id AND k.id = d.key_id
      JOIN public.organizations o ON o.id = k.org_id
      LEFT JOIN public.org_settings s ON s.org_id = k.org_id
     WHERE d.digest = p_digest;
END
$$;
ALTER FUNCTION eclips_gate.resolve_api_key(bytea) OWNER TO ${lookup_role};
REVOKE ALL ON FUNCTION eclips_gate.resolve_api_key(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.resolve_api_key(bytea) TO ${app_role};

-- The org hears of a leak report and of a quarantine as events (and webhooks).
ALTER TABLE events DROP CONSTRAINT events_type_check;
ALTER TABLE events ADD CONSTRAINT events_type_check CHECK (type IN ('agent_run.succeeded',
    'agent_run.failed', 'agent_run.awaiting_review', 'agent_run.rejected', 'triage_item.created',
    'triage_item.resolved', 'trust_profile.promoted', 'trust_profile.demoted',
    'circuit_breaker.opened', 'circuit_breaker.closed', 'api_key.created', 'api_key.rotated',
    'api_key.revoked', 'api_key.expiring', 'credits.low', 'credits.budget_reached',
    'document.deleted', 'webhook_endpoint.disabled', 'api_key.leaked', 'api_key.quarantined'));
