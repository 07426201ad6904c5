-- Documents: a mode of their own (test and live are separate worlds, CONTRACT §3) and their bytes in
-- chunks of about 256 KiB, so that no statement, row or Java array ever holds a whole file: uploads
-- insert one chunk at a time as the body streams in, downloads read one chunk at a time.

ALTER TABLE documents ADD COLUMN livemode boolean NOT NULL DEFAULT false;
ALTER TABLE documents ALTER COLUMN livemode DROP DEFAULT;

-- Chunks never change once written (no UPDATE grant): a download that reads them in several short
-- transactions sees either the document's exact bytes or, if it is deleted meanwhile, fewer of them.
-- The foreign key is checked at commit, so an upload can insert its chunks while it streams and the
-- document row once its size and SHA-256 are known.
CREATE TABLE document_chunks (
    org_id       uuid    NOT NULL REFERENCES organizations (id),
    document_id  uuid    NOT NULL,
    seq          integer NOT NULL CHECK (seq >= 0),
    bytes        bytea   NOT NULL,
    PRIMARY KEY (org_id, document_id, seq)
);

-- Bytes stored by V1 move into chunks. The owner is bound by FORCE ROW LEVEL SECURITY and no policy
-- names it, so it lifts FORCE on documents for the copy and for checking the new foreign key (added
-- after the copy: a deferred check still pending would forbid the ALTER TABLEs of this script).
ALTER TABLE documents NO FORCE ROW LEVEL SECURITY;
INSERT INTO document_chunks (org_id, document_id, seq, bytes)
SELECT d.org_id, d.id, s.seq, substring(d.content FROM s.seq * 262144 + 1 FOR 262144)
  FROM documents d
 CROSS JOIN LATERAL generate_series(0, (length(d.content) - 1) / 262144) AS s(seq)
 WHERE length(d.content) > 0;
ALTER TABLE documents DROP COLUMN content;
ALTER TABLE document_chunks ADD FOREIGN KEY (org_id, document_id) REFERENCES documents (org_id, id)
    DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;

ALTER TABLE document_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_chunks FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON document_chunks TO ${app_role};
CREATE POLICY tenant_isolation ON document_chunks FOR ALL TO ${app_role}
    USING (org_id = eclips_current_org()) WITH CHECK (org_id = eclips_current_org());

-- Lists show one mode's live documents, newest first.
CREATE INDEX documents_by_org_mode_newest ON documents (org_id, livemode, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;
