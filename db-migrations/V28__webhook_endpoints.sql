-- Webhook endpoints (issue 23): an org admin registers an HTTPS URL per mode with the event types it
-- wants. Each endpoint has a Standard Webhooks signing secret (whsec_…). The delivery needs the plain
-- secret to sign, so it cannot be stored as a digest: it is stored sealed (AES-256-GCM) under a key
-- that lives in the server's configuration, never in the database (docs/security.md). A database
-- dump or a role that reads this table sees only ciphertext.
--   event_types             comma-separated event type codes (validated by the application)
--   secret_sealed           nonce || ciphertext || tag of the current secret
--   previous_secret_sealed  the secret before the last rotation, kept until previous_secret_until
--                           (at most 24 h) so that deliveries carry both signatures meanwhile
CREATE TABLE webhook_endpoints (
    org_id                  uuid        NOT NULL REFERENCES organizations (id),
    id                      uuid        NOT NULL,
    livemode                boolean     NOT NULL,
    url                     text        NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
    description             text        CHECK (length(description) <= 500),
    event_types             text        NOT NULL CHECK (length(event_types) BETWEEN 1 AND 2000),
    secret_sealed           bytea       NOT NULL,
    previous_secret_sealed  bytea,
    previous_secret_until   timestamptz,
    disabled_at             timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CHECK ((previous_secret_sealed IS NULL) = (previous_secret_until IS NULL))
);
ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO ${app_role};
CREATE POLICY tenant_isolation ON webhook_endpoints FOR ALL TO ${app_role}
    USING (org_id = (SELECT public.eclips_current_org()))
    WITH CHECK (org_id = (SELECT public.eclips_current_org()));

-- The console lists an org's endpoints newest first; the per-org cap counts them.
CREATE INDEX webhook_endpoints_by_org_newest ON webhook_endpoints (org_id, created_at DESC, id DESC);
