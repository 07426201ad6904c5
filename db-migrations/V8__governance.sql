-- Governance: trust gates and triage, per-org circuit breakers, org settings.

-- A pinned profile keeps its level whatever the reviewers decide; totals are for the console.
ALTER TABLE agent_trust_profiles
    ADD COLUMN pinned     boolean NOT NULL DEFAULT false,
    ADD COLUMN approvals  bigint  NOT NULL DEFAULT 0 CHECK (approvals >= 0),
    ADD COLUMN rejections bigint  NOT NULL DEFAULT 0 CHECK (rejections >= 0);

-- Triage items live in the mode of their run (CONTRACT §3): a test key never sees a live item.
ALTER TABLE triage_items
    ADD COLUMN livemode boolean NOT NULL DEFAULT false;
ALTER TABLE triage_items
    ADD CONSTRAINT triage_items_note_length CHECK (note IS NULL OR length(note) <= 2000),
    ADD CONSTRAINT triage_items_resolution CHECK ((status = 'open') = (resolved_at IS NULL));
CREATE INDEX triage_items_by_org_mode_status
    ON triage_items (org_id, livemode, status, created_at DESC, id DESC);

-- The run a half-open breaker admitted as its one trial.
ALTER TABLE agent_circuit_breakers
    ADD COLUMN trial_run_id uuid,
    ADD CONSTRAINT agent_circuit_breakers_open_since CHECK ((state = 'closed') OR opened_at IS NOT NULL);

-- Runs are read per mode as well.
CREATE INDEX agent_runs_by_org_mode_newest ON agent_runs (org_id, livemode, created_at DESC, id DESC);

-- Per-org settings an org admin changes; one row per org, created on the first change.
CREATE TABLE org_settings (
    org_id                      uuid          NOT NULL REFERENCES organizations (id),
    id                          uuid          NOT NULL,
    invoice_auto_approve_limit  numeric(20,2) NOT NULL DEFAULT 10000
                                CHECK (invoice_auto_approve_limit >= 0),
    updated_at                  timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id)
);
ALTER TABLE org_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE org_settings FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE ON org_settings TO ${app_role};
CREATE POLICY tenant_isolation ON org_settings FOR ALL TO ${app_role}
    USING (org_id = eclips_current_org()) WITH CHECK (org_id = eclips_current_org());
