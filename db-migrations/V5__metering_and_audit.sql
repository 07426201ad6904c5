-- Metering and audit (issue 4).

-- The org's running balance lives on its current usage period row, so accepting a run is one
-- conditional UPDATE: the row lock serialises an org's debits and the WHERE clause, re-checked under
-- the lock, makes overspending impossible. A new period starts with the previous balance plus the
-- plan's monthly grant; the ledger (append-only) always sums to the current period's balance.
ALTER TABLE credit_usage_periods ADD COLUMN balance bigint NOT NULL DEFAULT 0 CHECK (balance >= 0);
ALTER TABLE credit_usage_periods ADD CONSTRAINT budget_not_exceeded CHECK (budget IS NULL OR used <= budget);
CREATE INDEX credit_ledger_by_org_run ON credit_ledger (org_id, run_id) WHERE run_id IS NOT NULL;

-- Replays must return the first response byte for byte; jsonb would reorder its keys.
ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE text;

-- Duplicate-invoice detection reads earlier invoices of the same vendor in the same org.
CREATE INDEX agent_runs_invoice_numbers ON agent_runs (org_id, (input ->> 'vendor'), (input ->> 'invoice_number'))
    WHERE agent_type = 'invoice_processor';
CREATE INDEX agent_runs_unfinished ON agent_runs (org_id, created_at) WHERE status IN ('queued', 'running');
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (org_id, expires_at);

-- Where a purge cut an org's audit chain: the last purged entry's seq and hash. Verification starts
-- from the first retained entry, whose prev_hash must equal this hash.
CREATE TABLE audit_anchors (
    org_id       uuid        NOT NULL REFERENCES organizations (id),
    id           uuid        NOT NULL,
    through_seq  bigint      NOT NULL,
    hash         bytea       NOT NULL,
    purged_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, through_seq)
);
ALTER TABLE audit_anchors ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_anchors FORCE ROW LEVEL SECURITY;
GRANT SELECT ON audit_anchors TO ${app_role};
CREATE POLICY tenant_reads_own ON audit_anchors FOR SELECT TO ${app_role}
    USING (org_id = eclips_current_org());

-- Retention: the app role may never delete audit entries. The purge runs as the NOLOGIN role
-- ${retention_role} through this function only, for the org the transaction is bound to, and records
-- the anchor in the same statement's transaction.
GRANT USAGE ON SCHEMA public, eclips_gate TO ${retention_role};
GRANT USAGE, CREATE ON SCHEMA eclips_gate TO ${retention_role};
GRANT SELECT, DELETE ON audit_log TO ${retention_role};
GRANT SELECT, INSERT ON audit_anchors TO ${retention_role};
CREATE POLICY retention_purges ON audit_log FOR ALL TO ${retention_role}
    USING (org_id = eclips_current_org());
CREATE POLICY retention_anchors ON audit_anchors FOR ALL TO ${retention_role}
    USING (org_id = eclips_current_org()) WITH CHECK (org_id = eclips_current_org());
GRANT EXECUTE ON FUNCTION eclips_current_org() TO ${retention_role};

CREATE FUNCTION eclips_gate.purge_audit_log(p_before timestamptz)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org   uuid := public.eclips_current_org();
    v_last  record;
    v_count bigint;
BEGIN
    IF v_org IS NULL THEN
        RAISE EXCEPTION 'no tenant bound' USING ERRCODE = '42501';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(v_org::text, 7));
    SELECT seq, hash INTO v_last FROM public.audit_log
     WHERE org_id = v_org AND occurred_at < p_before ORDER BY seq DESC LIMIT 1;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    INSERT INTO public.audit_anchors (org_id, id, through_seq, hash)
    VALUES (v_org, gen_random_uuid(), v_last.seq, v_last.hash)
    ON CONFLICT (org_id, through_seq) DO NOTHING;
    DELETE FROM public.audit_log WHERE org_id = v_org AND seq <= v_last.seq;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;
ALTER FUNCTION eclips_gate.purge_audit_log(timestamptz) OWNER TO ${retention_role};
REVOKE ALL ON FUNCTION eclips_gate.purge_audit_log(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.purge_audit_log(timestamptz) TO ${app_role};

-- Recovery and housekeeping need to know which orgs have work, without reading any org's data:
-- this returns ids only (org, run) of runs left queued or running, and the orgs of all tenants.
GRANT SELECT ON agent_runs, organizations TO ${lookup_role};
CREATE POLICY recovery_lists_unfinished ON agent_runs FOR SELECT TO ${lookup_role}
    USING (status IN ('queued', 'running'));

CREATE FUNCTION eclips_gate.unfinished_runs(p_older_than timestamptz)
    RETURNS TABLE (org_id uuid, run_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.org_id, r.id FROM public.agent_runs r
     WHERE r.status IN ('queued', 'running') AND r.created_at < p_older_than
     ORDER BY r.created_at
     LIMIT 10000
$$;
ALTER FUNCTION eclips_gate.unfinished_runs(timestamptz) OWNER TO ${lookup_role};
REVOKE ALL ON FUNCTION eclips_gate.unfinished_runs(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.unfinished_runs(timestamptz) TO ${app_role};

CREATE FUNCTION eclips_gate.all_org_ids()
    RETURNS TABLE (org_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT o.id FROM public.organizations o $$;
ALTER FUNCTION eclips_gate.all_org_ids() OWNER TO ${lookup_role};
REVOKE ALL ON FUNCTION eclips_gate.all_org_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION eclips_gate.all_org_ids() TO ${app_role};
