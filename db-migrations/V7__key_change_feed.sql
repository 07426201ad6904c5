-- Other nodes' key caches: every change that decides whether an org's keys work (revoke, rotate, plan
-- change) appends a row here in its own transaction; each node polls the gate below every second and
-- drops the cached keys of the orgs it names. Org-scoped like everything else: the app appends for its
-- own org only and reads nothing; the gate returns org ids only and prunes rows older than an hour.

CREATE TABLE key_change_events (
    org_id      uuid        NOT NULL REFERENCES organizations (id),
    id          uuid        NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (org_id, id)
);
CREATE INDEX key_change_events_by_time ON key_change_events (changed_at);

ALTER TABLE key_change_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE key_change_events FORCE ROW LEVEL SECURITY;
GRANT INSERT ON key_change_events TO ${app_role};
CREATE POLICY tenant_appends_own ON key_change_events FOR INSERT TO ${app_role}
    WITH CHECK (org_id = eclips_current_org());

GRANT SELECT, DELETE ON key_change_events TO ${lookup_role};
CREATE POLICY key_change_feed ON key_change_events FOR ALL TO ${lookup_role} USING (true);

CREATE FUNCTION eclips_gate.recent_key_changes(p_window_seconds integer)
    RETURNS TABLE (org_id uuid)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM public.key_change_events e WHERE e.changed_at < now() - interval '1 hour';
    RETURN QUERY SELECT DISTINCT e.org_id FROM public.key_change_events e
                  WHERE e.changed_at > now() - make_interval(secs => least(greatest(p_window_seconds, 1), 3600));
END
$$;
ALTER FUNCTION eclips_gate.recent_key_changes(integer) OWNER TO ${lookup_role};
REVOKE ALL ON FUNCTION eclips_gate.recent_key_changes(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.recent_key_changes(integer) TO ${app_role};
