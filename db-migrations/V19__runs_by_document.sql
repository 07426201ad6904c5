-- Deleting a document rewrites the input of every run that named it (issue 20: no copy of a deleted
-- document's content stays in runs or replays), in the delete's own transaction. Without an index
-- that update read every run of the org. uuid equality is leakproof, so under RLS the index serves
-- both conditions (as V15 explains for the invoice check, jsonb ->> would not).
CREATE INDEX agent_runs_by_document ON agent_runs (org_id, document_id) WHERE document_id IS NOT NULL;
