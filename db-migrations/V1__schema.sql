-- eClips Workforce: the schema.
-- Every customer-data table carries org_id, and org_id leads every primary key, unique constraint,
-- foreign key and index, so the tables can later be distributed by org (Citus) without a redesign.
-- Run by the owner role; the application never connects as it.

CREATE TABLE organizations (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    plan        text        NOT NULL CHECK (plan IN ('starter', 'pro', 'team', 'growth', 'enterprise')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    org_id                uuid        NOT NULL REFERENCES organizations (id),
    id                    uuid        NOT NULL,
    name                  text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    mode                  text        NOT NULL CHECK (mode IN ('live', 'test')),
    digest                bytea       NOT NULL CHECK (length(digest) = 32),
    hint                  text        NOT NULL,
    scopes                text        NOT NULL CHECK (scopes ~ '^[a-z]+:[a-z]+( [a-z]+:[a-z]+)*$'),
    rate_limit_per_minute integer     CHECK (rate_limit_per_minute > 0),
    expires_at            timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    last_used_at          timestamptz,
    revoked_at            timestamptz,
    rotated_from          uuid,
    PRIMARY KEY (org_id, id)
);

-- The one cross-org lookup: digest -> (org, key). Kept apart so that no org-scoped table needs a
-- global unique constraint; under Citus this becomes a reference table.
CREATE TABLE api_key_digests (
    digest  bytea NOT NULL PRIMARY KEY CHECK (length(digest) = 32),
    org_id  uuid  NOT NULL,
    key_id  uuid  NOT NULL
);

CREATE TABLE documents (
    org_id        uuid        NOT NULL REFERENCES organizations (id),
    id            uuid        NOT NULL,
    name          text        NOT NULL,
    content_type  text        NOT NULL,
    size_bytes    bigint      NOT NULL CHECK (size_bytes >= 0),
    sha256        bytea       NOT NULL,
    content       bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz,
    PRIMARY KEY (org_id, id)
);

CREATE TABLE agent_runs (
    org_id           uuid        NOT NULL REFERENCES organizations (id),
    id               uuid        NOT NULL,
    agent_type       text        NOT NULL,
    status           text        NOT NULL
                     CHECK (status IN ('queued', 'running', 'succeeded', 'awaiting_review', 'failed', 'rejected')),
    livemode         boolean     NOT NULL,
    credits_charged  bigint      NOT NULL DEFAULT 0 CHECK (credits_charged >= 0),
    input            jsonb       NOT NULL,
    output           jsonb,
    error            jsonb,
    document_id      uuid,
    triage_item_id   uuid,
    api_key_id       uuid,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz,
    PRIMARY KEY (org_id, id)
);
CREATE INDEX agent_runs_by_org_newest ON agent_runs (org_id, created_at DESC, id DESC);

CREATE TABLE triage_items (
    org_id       uuid        NOT NULL REFERENCES organizations (id),
    id           uuid        NOT NULL,
    run_id       uuid        NOT NULL,
    agent_type   text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('open', 'approved', 'rejected')),
    reasons      jsonb       NOT NULL DEFAULT '[]',
    note         text,
    resolved_by  text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    resolved_at  timestamptz,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, run_id) REFERENCES agent_runs (org_id, id)
);
CREATE INDEX triage_items_by_org_newest ON triage_items (org_id, created_at DESC, id DESC);

CREATE TABLE agent_trust_profiles (
    org_id           uuid        NOT NULL REFERENCES organizations (id),
    id               uuid        NOT NULL,
    agent_type       text        NOT NULL,
    level            text        NOT NULL DEFAULT 'supervised'
                     CHECK (level IN ('supervised', 'guarded', 'autonomous')),
    approval_streak  integer     NOT NULL DEFAULT 0 CHECK (approval_streak >= 0),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, agent_type)
);

CREATE TABLE agent_circuit_breakers (
    org_id                uuid        NOT NULL REFERENCES organizations (id),
    id                    uuid        NOT NULL,
    agent_type            text        NOT NULL,
    state                 text        NOT NULL DEFAULT 'closed' CHECK (state IN ('closed', 'open', 'half_open')),
    consecutive_failures  integer     NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
    opened_at             timestamptz,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, agent_type)
);

CREATE TABLE credit_usage_periods (
    org_id        uuid        NOT NULL REFERENCES organizations (id),
    id            uuid        NOT NULL,
    period_start  date        NOT NULL CHECK (extract(day FROM period_start) = 1),
    granted       bigint      NOT NULL CHECK (granted >= 0),
    used          bigint      NOT NULL DEFAULT 0 CHECK (used >= 0),
    budget        bigint      CHECK (budget >= 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, period_start)
);

-- Append-only for the application (no UPDATE or DELETE grant, no such policy).
CREATE TABLE credit_ledger (
    org_id        uuid        NOT NULL REFERENCES organizations (id),
    id            uuid        NOT NULL,
    entry_type    text        NOT NULL CHECK (entry_type IN ('grant', 'debit', 'refund', 'adjustment')),
    amount        bigint      NOT NULL,
    period_start  date        NOT NULL,
    run_id        uuid,
    reason        text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id)
);
CREATE INDEX credit_ledger_by_org_period ON credit_ledger (org_id, period_start);

-- Append-only for the application; each org's entries form a SHA-256 hash chain ordered by seq.
CREATE TABLE audit_log (
    org_id          uuid        NOT NULL REFERENCES organizations (id),
    id              uuid        NOT NULL,
    seq             bigint      NOT NULL,
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    actor_type      text        NOT NULL CHECK (actor_type IN ('api_key', 'user', 'system')),
    actor_id        text        NOT NULL,
    actor_hint      text,
    action          text        NOT NULL,
    resource_type   text,
    resource_id     text,
    outcome         text        NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
    code            text,
    request_id      text,
    client_address  text,
    user_agent      text,
    occurrences     integer     NOT NULL DEFAULT 1 CHECK (occurrences > 0),
    prev_hash       bytea,
    hash            bytea       NOT NULL,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, seq)
);
CREATE INDEX audit_log_by_org_time ON audit_log (org_id, occurred_at DESC, seq DESC);

CREATE TABLE idempotency_keys (
    org_id           uuid        NOT NULL REFERENCES organizations (id),
    id               uuid        NOT NULL,
    idem_key         text        NOT NULL CHECK (length(idem_key) BETWEEN 1 AND 255),
    request_hash     bytea       NOT NULL,
    response_status  integer,
    response_body    jsonb,
    resource_id      uuid,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, idem_key)
);
