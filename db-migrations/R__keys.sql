-- The key lookup gate: resolving a key, the change feed, and the cross-org reads the lookup role makes.
-- Repeatable: the current body of each function below, as V1..V31 left it (docs/database.md,
-- "Functions"). Edit a body here; a changed signature, owner, grant or a drop needs a V migration.
-- CREATE OR REPLACE keeps each function's owner, grants and comment as the V files set them.

CREATE OR REPLACE FUNCTION eclips_gate.resolve_api_key(p_digest bytea)
 RETURNS TABLE(org_id uuid, key_id uuid, mode text, name text, hint text, scopes text, rate_limit_per_minute integer, expires_at timestamp with time zone, revoked_at timestamp with time zone, disabled_at timestamp with time zone, plan text, allowed_ips text, quarantined_at timestamp with time zone, quarantine_ips text, frozen_modes text)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION eclips_gate.orgs_with_keys_expiring(p_within_seconds integer)
 RETURNS TABLE(org_id uuid)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT DISTINCT k.org_id FROM public.api_keys k
     WHERE k.expiry_warned_at IS NULL
       AND k.expires_at > now()
       AND k.expires_at <= now() + make_interval(secs => least(greatest(p_within_seconds, 0), 31536000))
       AND (k.revoked_at IS NULL OR k.revoked_at > now())
     LIMIT 10000
$function$
;

CREATE OR REPLACE FUNCTION eclips_gate.recent_key_changes(p_window_seconds integer)
 RETURNS TABLE(org_id uuid)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    DELETE FROM public.key_change_events e WHERE e.changed_at < now() - interval '1 hour';
    RETURN QUERY SELECT DISTINCT e.org_id FROM public.key_change_events e
                  WHERE e.changed_at > now() - make_interval(secs => least(greatest(p_window_seconds, 1), 3600));
END
$function$
;

CREATE OR REPLACE FUNCTION eclips_gate.all_org_ids()
 RETURNS TABLE(org_id uuid)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT o.id FROM public.organizations o $function$
;

CREATE OR REPLACE FUNCTION eclips_gate.unfinished_runs(p_older_than timestamp with time zone)
 RETURNS TABLE(org_id uuid, run_id uuid)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT r.org_id, r.id FROM public.agent_runs r
     WHERE r.status IN ('queued', 'running') AND r.created_at < p_older_than
     ORDER BY r.created_at
     LIMIT 10000
$function$
;
