-- Per-key usage (issue 25, parts 1 and 3): a compact rollup written by the server's usage flush
-- (usage.boundary.UsageFlush, one statement per org and flush), never computed from the audit log.
--   hour         the UTC hour the requests fell in
--   route_class  the scope the endpoint needs ('runs:write' ...), 'any' for endpoints every key may
--                call, 'none' for requests that matched no endpoint
--   allowed / refused (401, 403) / limited (429) / payment (402) / failed (other 4xx and 5xx)
--   addresses    up to 16 distinct client addresses seen in that hour and route class
--   last_at, last_address   the newest use in the row
-- Rows older than 35 days are deleted by the flush of the same org: the console shows at most 30 days.
CREATE TABLE api_key_usage (
    org_id        uuid        NOT NULL REFERENCES organizations (id),
    key_id        uuid        NOT NULL,
    hour          timestamptz NOT NULL,
    route_class   text        NOT NULL CHECK (length(route_class) BETWEEN 1 AND 40),
    allowed       bigint      NOT NULL DEFAULT 0 CHECK (allowed >= 0),
    refused       bigint      NOT NULL DEFAULT 0 CHECK (refused >= 0),
    limited       bigint      NOT NULL DEFAULT 0 CHECK (limited >= 0),
    payment       bigint      NOT NULL DEFAULT 0 CHECK (payment >= 0),
    failed        bigint      NOT NULL DEFAULT 0 CHECK (failed >= 0),
    addresses     text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(addresses) <= 16),
    last_at       timestamptz NOT NULL,
    last_address  text        CHECK (length(last_address) <= 64),
    PRIMARY KEY (org_id, key_id, hour, route_class)
);
ALTER TABLE api_key_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_key_usage FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON api_key_usage TO ${app_role};
CREATE POLICY tenant_isolation ON api_key_usage FOR ALL TO ${app_role}
    USING (org_id = (SELECT public.eclips_current_org()))
    WITH CHECK (org_id = (SELECT public.eclips_current_org()));

-- One row per key, hour and kind once the key's denials or distinct addresses in that hour crossed
-- the alert threshold: the flush emits api_key.usage_alert only when it inserts the row, so each
-- key alerts at most once per kind and hour, on whichever node flushed the crossing counts.
CREATE TABLE api_key_usage_alerts (
    org_id   uuid        NOT NULL REFERENCES organizations (id),
    key_id   uuid        NOT NULL,
    hour     timestamptz NOT NULL,
    kind     text        NOT NULL CHECK (kind IN ('denials', 'addresses')),
    PRIMARY KEY (org_id, key_id, hour, kind)
);
ALTER TABLE api_key_usage_alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_key_usage_alerts FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON api_key_usage_alerts TO ${app_role};
CREATE POLICY tenant_isolation ON api_key_usage_alerts FOR ALL TO ${app_role}
    USING (org_id = (SELECT public.eclips_current_org()))
    WITH CHECK (org_id = (SELECT public.eclips_current_org()));

-- The new event type joins the list as V31 left it (V27's, V29's webhook_endpoint.disabled, V31's
-- api_key.leaked and api_key.quarantined): a later migration that widens it keeps all of them.
ALTER TABLE events DROP CONSTRAINT events_type_check;
ALTER TABLE events ADD CONSTRAINT events_type_check CHECK (type IN ('agent_run.succeeded', 'agent_run.failed', 'agent_run.awaiting_review', 'agent_run.rejected', 'triage_item.created', 'triage_item.resolved', 'trust_profile.promoted', 'trust_profile.demoted', 'circuit_breaker.opened', 'circuit_breaker.closed', 'api_key.created', 'api_key.rotated', 'api_key.revoked', 'api_key.expiring', 'credits.low', 'credits.budget_reached', 'document.deleted', 'webhook_endpoint.disabled', 'api_key.leaked', 'api_key.quarantined', 'api_key.usage_alert'));

-- One flush of one org's counts in one round trip (usage.control.UsageRollup): adds the counts
-- (p_rows: [{key_id, hour, route_class, allowed, refused, limited, payment, failed, addresses[],
-- last_at, last_address}]), trims those keys' rows past 35 days, and returns each (key, hour, kind)
-- whose denials (refused + limited + payment) or distinct addresses reached the threshold in this
-- flush for the first time. The app role's own function (SECURITY INVOKER): RLS binds every
-- statement, and an org other than the bound one is refused.
CREATE FUNCTION public.eclips_record_key_usage(p_org uuid, p_rows jsonb, p_denials bigint, p_addresses bigint)
    RETURNS TABLE (key_id uuid, hour timestamptz, kind text)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF p_org IS DISTINCT FROM public.eclips_current_org() THEN
        RAISE EXCEPTION 'usage for an org the transaction is not bound to' USING ERRCODE = '42501';
    END IF;
    INSERT INTO public.api_key_usage AS u (org_id, key_id, hour, route_class, allowed, refused,
        limited, payment, failed, addresses, last_at, last_address)
    SELECT p_org, r.key_id, r.hour, r.route_class, r.allowed, r.refused, r.limited, r.payment,
           r.failed, ARRAY(SELECT jsonb_array_elements_text(r.addresses)), r.last_at, r.last_address
      FROM jsonb_to_recordset(p_rows) AS r(key_id uuid, hour timestamptz, route_class text,
           allowed bigint, refused bigint, limited bigint, payment bigint, failed bigint,
           addresses jsonb, last_at timestamptz, last_address text)
    ON CONFLICT ON CONSTRAINT api_key_usage_pkey DO UPDATE SET
        allowed = u.allowed + EXCLUDED.allowed,
        refused = u.refused + EXCLUDED.refused,
        limited = u.limited + EXCLUDED.limited,
        payment = u.payment + EXCLUDED.payment,
        failed = u.failed + EXCLUDED.failed,
        addresses = ARRAY(SELECT DISTINCT a FROM unnest(u.addresses || EXCLUDED.addresses) AS a LIMIT 16),
        last_at = GREATEST(u.last_at, EXCLUDED.last_at),
        last_address = CASE WHEN EXCLUDED.last_at >= u.last_at THEN EXCLUDED.last_address ELSE u.last_address END;
    DELETE FROM public.api_key_usage u
     WHERE u.org_id = p_org AND u.hour < now() - interval '35 days'
       AND u.key_id IN (SELECT (r ->> 'key_id')::uuid FROM jsonb_array_elements(p_rows) AS r);
    DELETE FROM public.api_key_usage_alerts x
     WHERE x.org_id = p_org AND x.hour < now() - interval '35 days'
       AND x.key_id IN (SELECT (r ->> 'key_id')::uuid FROM jsonb_array_elements(p_rows) AS r);
    RETURN QUERY
    WITH flushed AS (
        SELECT DISTINCT (r ->> 'key_id')::uuid AS key_id, (r ->> 'hour')::timestamptz AS hour
          FROM jsonb_array_elements(p_rows) AS r
    ), crossed AS (
        SELECT u.key_id, u.hour, 'denials'::text AS kind
          FROM public.api_key_usage u JOIN flushed f ON f.key_id = u.key_id AND f.hour = u.hour
         WHERE u.org_id = p_org
         GROUP BY u.key_id, u.hour
        HAVING sum(u.refused + u.limited + u.payment) >= p_denials
        UNION ALL
        SELECT u.key_id, u.hour, 'addresses'::text
          FROM public.api_key_usage u JOIN flushed f ON f.key_id = u.key_id AND f.hour = u.hour
         CROSS JOIN LATERAL unnest(u.addresses) AS a
         WHERE u.org_id = p_org
         GROUP BY u.key_id, u.hour
        HAVING count(DISTINCT a) >= p_addresses
    ), recorded AS (
        INSERT INTO public.api_key_usage_alerts AS x (org_id, key_id, hour, kind)
        SELECT p_org, c.key_id, c.hour, c.kind FROM crossed c
        ON CONFLICT DO NOTHING
        RETURNING x.key_id, x.hour, x.kind
    )
    SELECT d.key_id, d.hour, d.kind FROM recorded d;
END
$$;
REVOKE ALL ON FUNCTION public.eclips_record_key_usage(uuid, jsonb, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.eclips_record_key_usage(uuid, jsonb, bigint, bigint) TO ${app_role};
