-- Webhook deliveries (issue 23): the events outbox (V27) is the queue. A fan-out step turns each
-- event into one delivery row per enabled endpoint of the same org and mode subscribed to its type
-- (registered before the event); delivery workers on every node claim due rows, send them, and
-- write each attempt's outcome back. Everything survives a restart or a kill: a claim is a lease
-- (claimed_until) that lapses if its node dies, and the row is claimed again (at least once; the
-- receiver de-duplicates by webhook-id, the event's id).
--
--   status            pending (to send, or to retry at next_attempt_at), succeeded, failed (the
--                     retry window ended without a 2xx)
--   event_seq         the event's seq: an endpoint's due deliveries are sent in this order, one at
--                     a time (a delivery waiting for its retry does not hold the later ones back)
--   claimed_until     a node is sending it until then; NULL or past: free to claim
--   last_*            the last attempt: when, HTTP status (NULL: none, e.g. refused or timed out),
--                     latency, and a short reason written by us (never the receiver's body)
--   manual            a redelivery an admin asked for (console), beside the original
CREATE TABLE webhook_deliveries (
    org_id              uuid        NOT NULL REFERENCES organizations (id),
    id                  uuid        NOT NULL,
    endpoint_id         uuid        NOT NULL,
    event_id            uuid        NOT NULL,
    event_seq           bigint      NOT NULL,
    status              text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts            integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at     timestamptz NOT NULL DEFAULT now(),
    claimed_until       timestamptz,
    last_attempt_at     timestamptz,
    last_response_code  integer     CHECK (last_response_code BETWEEN 100 AND 999),
    last_latency_ms     integer     CHECK (last_latency_ms >= 0),
    last_error          text        CHECK (length(last_error) <= 300),
    manual              boolean     NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    completed_at        timestamptz,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, endpoint_id) REFERENCES webhook_endpoints (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, event_id) REFERENCES events (org_id, id) ON DELETE CASCADE
);
-- the fan-out is idempotent: one automatic delivery per event and endpoint
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (org_id, endpoint_id, event_id) WHERE NOT manual;
-- the claim: what is due, in order
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
-- the console: an endpoint's deliveries, newest first
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (org_id, endpoint_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (org_id, event_id);

ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE ON webhook_deliveries TO ${app_role};
CREATE POLICY tenant_isolation ON webhook_deliveries FOR ALL TO ${app_role}
    USING (org_id = (SELECT public.eclips_current_org()))
    WITH CHECK (org_id = (SELECT public.eclips_current_org()));

-- Why an endpoint was disabled by the delivery (persistent failure), for the console.
ALTER TABLE webhook_endpoints ADD COLUMN disabled_reason text CHECK (length(disabled_reason) <= 500);

-- The event the delivery emits when it disables an endpoint.
ALTER TABLE events DROP CONSTRAINT events_type_check;
ALTER TABLE events ADD CONSTRAINT events_type_check CHECK (type IN ('agent_run.succeeded', 'agent_run.failed', 'agent_run.awaiting_review', 'agent_run.rejected', 'triage_item.created', 'triage_item.resolved', 'trust_profile.promoted', 'trust_profile.demoted', 'circuit_breaker.opened', 'circuit_breaker.closed', 'api_key.created', 'api_key.rotated', 'api_key.revoked', 'api_key.expiring', 'credits.low', 'credits.budget_reached', 'document.deleted', 'webhook_endpoint.disabled'));

-- The fan-out's watermark over the events (V27, "Reading events in order"): every event at or
-- before (xact, seq) has been fanned out. One row; the node that locks it fans out, the others
-- skip. Platform-only (no org): the app role has no access.
CREATE TABLE webhook_fanout_cursor (
    only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    xact      xid8    NOT NULL,
    seq       bigint  NOT NULL
);
-- Start at the events written from now on: earlier ones had no delivery to make.
INSERT INTO webhook_fanout_cursor (xact, seq)
SELECT coalesce(max(xact), '0'::xid8), coalesce(max(seq), 0) FROM events;
REVOKE ALL ON webhook_fanout_cursor FROM PUBLIC;

-- Fan-out: up to p_max events past the watermark whose transactions have all ended, each into
-- its deliveries; the watermark then moves past them. NULL when another node holds the cursor.
CREATE FUNCTION eclips_gate.webhook_fan_out(p_max integer)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_cursor record;
    v_event  record;
    v_xmin   xid8 := pg_snapshot_xmin(pg_current_snapshot());
    v_count  integer := 0;
BEGIN
    SELECT xact, seq INTO v_cursor FROM public.webhook_fanout_cursor FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    FOR v_event IN
        SELECT e.org_id, e.id, e.seq, e.xact, e.livemode, e.type, e.created_at
          FROM public.events e
         WHERE e.xact >= v_cursor.xact AND (e.xact, e.seq) > (v_cursor.xact, v_cursor.seq)
           AND e.xact < v_xmin
         ORDER BY e.xact, e.seq
         LIMIT least(greatest(p_max, 1), 1000)
    LOOP
        INSERT INTO public.webhook_deliveries (org_id, id, endpoint_id, event_id, event_seq, next_attempt_at)
        SELECT v_event.org_id, gen_random_uuid(), w.id, v_event.id, v_event.seq, now()
          FROM public.webhook_endpoints w
         WHERE w.org_id = v_event.org_id AND w.livemode = v_event.livemode
           AND w.disabled_at IS NULL AND w.created_at <= v_event.created_at
           AND v_event.type = ANY (string_to_array(w.event_types, ','))
        ON CONFLICT DO NOTHING;
        v_cursor.xact := v_event.xact;
        v_cursor.seq := v_event.seq;
        v_count := v_count + 1;
    END LOOP;
    IF v_count > 0 THEN
        UPDATE public.webhook_fanout_cursor SET xact = v_cursor.xact, seq = v_cursor.seq;
    END IF;
    RETURN v_count;
END
$$;

-- Claim: due deliveries of enabled endpoints, at most one in flight per endpoint (so an endpoint
-- receives its events in order) and p_per_org in flight per org across all nodes, up to p_max,
-- leased for p_lease. One claimer at a time in the cluster (the advisory lock), so the bounds hold
-- across nodes; a claimer that finds the lock taken claims nothing this time.
CREATE FUNCTION eclips_gate.webhook_claim(p_max integer, p_per_org integer, p_lease interval)
    RETURNS TABLE (org_id uuid, delivery_id uuid)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtextextended('eclips webhook claim', 23)) THEN
        RETURN;
    END IF;
    RETURN QUERY
    WITH busy AS (
        SELECT d.org_id, d.endpoint_id FROM public.webhook_deliveries d
         WHERE d.status = 'pending' AND d.claimed_until > now()
    ), org_busy AS (
        SELECT b.org_id, count(*) AS n FROM busy b GROUP BY b.org_id
    ), heads AS (
        SELECT DISTINCT ON (d.org_id, d.endpoint_id) d.org_id, d.id, d.next_attempt_at
          FROM public.webhook_deliveries d
          JOIN public.webhook_endpoints w ON w.org_id = d.org_id AND w.id = d.endpoint_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= now()
           AND (d.claimed_until IS NULL OR d.claimed_until <= now())
           AND w.disabled_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM busy b WHERE b.org_id = d.org_id AND b.endpoint_id = d.endpoint_id)
         ORDER BY d.org_id, d.endpoint_id, d.event_seq, d.created_at, d.id
    ), ranked AS (
        SELECT h.org_id, h.id, h.next_attempt_at,
               row_number() OVER (PARTITION BY h.org_id ORDER BY h.next_attempt_at, h.id)
                 + coalesce(ob.n, 0) AS place
          FROM heads h LEFT JOIN org_busy ob ON ob.org_id = h.org_id
    ), chosen AS (
        SELECT r.org_id, r.id FROM ranked r
         WHERE r.place <= p_per_org
         ORDER BY r.next_attempt_at, r.id
         LIMIT least(greatest(p_max, 0), 1000)
    )
    UPDATE public.webhook_deliveries d SET claimed_until = now() + p_lease
      FROM chosen c WHERE d.org_id = c.org_id AND d.id = c.id
    RETURNING d.org_id, d.id;
END
$$;

-- The queue's depth for the metrics (no org): deliveries still to send.
CREATE FUNCTION eclips_gate.webhook_queue_depth()
    RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT count(*) FROM public.webhook_deliveries WHERE status = 'pending'
$$;

-- The three functions read and write across orgs without a tenant, so they run as their owner,
-- ${platform_role} (NOLOGIN, as for the platform's other gate functions), whose policies below let
-- it do exactly that on these tables; only ${platform_app_role} (the delivery worker's connection)
-- may call them, never ${app_role}.
GRANT SELECT ON events TO ${platform_role};
CREATE POLICY webhook_fan_out_reads ON events FOR SELECT TO ${platform_role} USING (true);
GRANT SELECT ON webhook_endpoints TO ${platform_role};
CREATE POLICY webhook_delivery_reads ON webhook_endpoints FOR SELECT TO ${platform_role} USING (true);
GRANT SELECT, INSERT, UPDATE ON webhook_deliveries TO ${platform_role};
CREATE POLICY webhook_delivery_queues ON webhook_deliveries FOR ALL TO ${platform_role}
    USING (true) WITH CHECK (true);
GRANT SELECT, UPDATE ON webhook_fanout_cursor TO ${platform_role};
ALTER FUNCTION eclips_gate.webhook_fan_out(integer) OWNER TO ${platform_role};
ALTER FUNCTION eclips_gate.webhook_claim(integer, integer, interval) OWNER TO ${platform_role};
ALTER FUNCTION eclips_gate.webhook_queue_depth() OWNER TO ${platform_role};

REVOKE ALL ON FUNCTION eclips_gate.webhook_fan_out(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION eclips_gate.webhook_claim(integer, integer, interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION eclips_gate.webhook_queue_depth() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.webhook_fan_out(integer) TO ${platform_app_role};
GRANT EXECUTE ON FUNCTION eclips_gate.webhook_claim(integer, integer, interval) TO ${platform_app_role};
GRANT EXECUTE ON FUNCTION eclips_gate.webhook_queue_depth() TO ${platform_app_role};
