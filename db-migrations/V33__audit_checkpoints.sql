-- Audit checkpoints (issue 25, part 5): at intervals the server signs each org's chain head
-- (seq, hash, time) with a key from its own configuration (eclips.audit.signing-key, Ed25519), which no
-- database role can read. The rows are copies for the export; the anchor is the signature: whoever
-- controls the database can delete or add rows here, but cannot sign, so a checkpoint kept outside
-- the database (an earlier export, the server's checkpoint file, a webhook receiver) still catches a
-- later rewrite or truncation of the chain (docs/security.md, "An audit chain anchored outside the
-- database").
--   message    what was signed: "eclips-audit-checkpoint/v1" LF org LF seq LF hex(hash) LF time
--   key_id     the first 16 hex digits of SHA-256 over the public key's X.509 encoding
CREATE TABLE audit_checkpoints (
    org_id           uuid        NOT NULL REFERENCES organizations (id),
    seq              bigint      NOT NULL CHECK (seq > 0),
    hash             bytea       NOT NULL CHECK (octet_length(hash) = 32),
    checkpointed_at  timestamptz NOT NULL,
    key_id           text        NOT NULL CHECK (length(key_id) BETWEEN 1 AND 64),
    signature        bytea       NOT NULL CHECK (octet_length(signature) <= 512),
    PRIMARY KEY (org_id, seq)
);
ALTER TABLE audit_checkpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_checkpoints FORCE ROW LEVEL SECURITY;
-- appended and read by the app role for its tenant; never updated or deleted by it
GRANT SELECT, INSERT ON audit_checkpoints TO ${app_role};
CREATE POLICY tenant_reads_own ON audit_checkpoints FOR SELECT TO ${app_role}
    USING (org_id = (SELECT public.eclips_current_org()));
CREATE POLICY tenant_appends_own ON audit_checkpoints FOR INSERT TO ${app_role}
    WITH CHECK (org_id = (SELECT public.eclips_current_org()));
