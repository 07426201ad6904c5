-- The key change feed by change (issue 26): recent_key_changes (V7) names the orgs with a change in the
-- window, so a node polling every second evicted an org ten times per change (a scan of its whole key
-- cache each time). This gate returns each change's id as well: a node evicts an org for a change it
-- has not seen, once. Same owner, same callers (the platform role only, as V20 made the first one);
-- the first stays for nodes of the previous version during a rolling upgrade. At most 10,000 rows, the
-- newest first; a node that gets the limit evicts its whole key cache (docs/architecture.md).

CREATE FUNCTION eclips_gate.recent_key_change_ids(p_window_seconds integer)
    RETURNS TABLE (org_id uuid, id uuid)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM public.key_change_events e WHERE e.changed_at < now() - interval '1 hour';
    RETURN QUERY SELECT e.org_id, e.id FROM public.key_change_events e
                  WHERE e.changed_at > now() - make_interval(secs => least(greatest(p_window_seconds, 1), 3600))
                  ORDER BY e.changed_at DESC
                  LIMIT 10000;
END
$$;
ALTER FUNCTION eclips_gate.recent_key_change_ids(integer) OWNER TO ${lookup_role};
REVOKE ALL ON FUNCTION eclips_gate.recent_key_change_ids(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.recent_key_change_ids(integer) TO ${platform_app_role};
