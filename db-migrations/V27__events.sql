-- Events (issue 23, CONTRACT §12): one immutable row per change that matters to an org, written in
-- the transaction of that change (a transactional outbox), org- and mode-scoped, read by
-- GET /v1/events and, later, claimed by the webhook delivery worker.
--
--   seq    a database-wide identity, so increasing per org too: it orders the API's pages
--   xact   the writing transaction's id. A transaction that took seq 7 may commit after one that
--          took seq 8, so a delivery worker's watermark is a transaction id, not a seq: it reads
--          xact >= W AND xact < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY xact, seq (every
--          transaction below that xmin has ended) and then sets W to that xmin; nothing is skipped
--          or read twice (docs/database.md, "Reading events in order")
--   data   the resource as the API shows it, or a bounded summary (never a key's secret, never a
--          document's content); bounded here as the last line behind the writers' own bound
--
-- The app role may INSERT and SELECT its tenant's rows, never UPDATE or DELETE them; the credit
-- functions (owned by ${platform_role}) insert credits.low and credits.budget_reached inside the
-- debit; the retention role purges rows older than the plan's audit retention through
-- eclips_gate.purge_events(), whose cut-off is the database's (as for the audit log, V10).
CREATE TABLE events (
    org_id      uuid        NOT NULL REFERENCES organizations (id),
    id          uuid        NOT NULL,
    seq         bigint      GENERATED ALWAYS AS IDENTITY,
    livemode    boolean     NOT NULL,
    type        text        NOT NULL CHECK (type IN ('agent_run.succeeded', 'agent_run.failed', 'agent_run.awaiting_review', 'agent_run.rejected', 'triage_item.created', 'triage_item.resolved', 'trust_profile.promoted', 'trust_profile.demoted', 'circuit_breaker.opened', 'circuit_breaker.closed', 'api_key.created', 'api_key.rotated', 'api_key.revoked', 'api_key.expiring', 'credits.low', 'credits.budget_reached', 'document.deleted')),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    xact        xid8        NOT NULL DEFAULT pg_current_xact_id(),
    data        jsonb       NOT NULL CHECK (jsonb_typeof(data) = 'object' AND octet_length(data::text) <= 16384),
    PRIMARY KEY (org_id, id)
);
CREATE INDEX events_newest_per_mode ON events (org_id, livemode, seq DESC);
CREATE INDEX events_newest_per_type ON events (org_id, livemode, type, seq DESC);
CREATE INDEX events_by_time ON events (org_id, created_at);
-- the delivery worker's pass (above): every org's events past its watermark, in order
CREATE INDEX events_by_xact ON events (xact, seq);

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT ON events TO ${app_role};
CREATE POLICY tenant_reads_own ON events FOR SELECT TO ${app_role}
    USING (org_id = (SELECT public.eclips_current_org()));
CREATE POLICY tenant_appends_own ON events FOR INSERT TO ${app_role}
    WITH CHECK (org_id = (SELECT public.eclips_current_org()));

-- The credit functions' owner appends the credit events of the debit it makes.
GRANT INSERT ON events TO ${platform_role};
CREATE POLICY credit_writer_appends ON events FOR INSERT TO ${platform_role}
    WITH CHECK (org_id = (SELECT public.eclips_current_org()));

-- Once per period each: when the balance first falls below a tenth of the period's grant, and when
-- the budget no longer covers another debit of the same amount. A budget change clears the second.
ALTER TABLE credit_usage_periods ADD COLUMN low_event_at timestamptz;
ALTER TABLE credit_usage_periods ADD COLUMN budget_event_at timestamptz;

-- Retention: the plan's audit retention, the cut-off computed here, the tenant's rows only.
GRANT SELECT, DELETE ON events TO ${retention_role};
CREATE POLICY retention_purges_own ON events FOR ALL TO ${retention_role}
    USING (org_id = (SELECT public.eclips_current_org()));

CREATE FUNCTION eclips_gate.purge_events()
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org    uuid := public.eclips_current_org();
    v_before timestamptz;
    v_count  bigint;
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    v_before := public.eclips_audit_retained_since();
    IF v_before IS NULL THEN
        RETURN 0;
    END IF;
    DELETE FROM public.events WHERE org_id = v_org AND created_at < v_before;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
ALTER FUNCTION eclips_gate.purge_events() OWNER TO ${retention_role};
REVOKE ALL ON FUNCTION eclips_gate.purge_events() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.purge_events() TO ${app_role};

-- The credit events' one writer, called by eclips_credit_debit (R__credits.sql) as ${platform_role}:
-- live mode, because an org's credits are one pool that test and live keys both spend (CONTRACT §3)
-- and the people who top it up watch the live world; the object as GET /v1/credits shows it.
CREATE FUNCTION public.eclips_credit_event(p_type text, p_period date, p_balance bigint, p_used bigint, p_budget bigint, p_granted bigint)
    RETURNS void
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO public.events (org_id, id, livemode, type, data)
    VALUES (public.eclips_current_org(), gen_random_uuid(), true, p_type,
            jsonb_build_object('object', 'credit_balance', 'balance', p_balance,
                'period', jsonb_build_object('start', p_period::text,
                                             'end', ((p_period + interval '1 month')::date)::text),
                'granted', p_granted, 'used', p_used, 'budget', p_budget))
$$;
-- (an owner needs CREATE on the function's schema for the hand-over, as in V21; taken back at once)
GRANT CREATE ON SCHEMA public TO ${platform_role};
ALTER FUNCTION public.eclips_credit_event(text, date, bigint, bigint, bigint, bigint) OWNER TO ${platform_role};
REVOKE CREATE ON SCHEMA public FROM ${platform_role};
REVOKE ALL ON FUNCTION public.eclips_credit_event(text, date, bigint, bigint, bigint, bigint) FROM PUBLIC;
