-- The duplicate-invoice check (issue 10). Under row-level security PostgreSQL may only use a condition
-- as an index condition if its operators are leakproof (a policy must filter first otherwise), and
-- jsonb's ->> is not: the V5 expression index on (input ->> 'vendor', input ->> 'invoice_number') was
-- used for org_id alone, so each executed invoice run read all its org's earlier invoice runs (seen in
-- the benchmark: 0.46 ms per check with ~200 runs per org, growing with the org's history). Plain
-- generated columns compare with text equality, which is leakproof, so the index narrows to the one
-- invoice. Adding the columns rewrites agent_runs once (README, Upgrade).
ALTER TABLE agent_runs
    ADD COLUMN invoice_vendor text
        GENERATED ALWAYS AS (CASE WHEN agent_type = 'invoice_processor' THEN input ->> 'vendor' END) STORED,
    ADD COLUMN invoice_number text
        GENERATED ALWAYS AS (CASE WHEN agent_type = 'invoice_processor' THEN input ->> 'invoice_number' END) STORED;
DROP INDEX agent_runs_invoice_numbers;
CREATE INDEX agent_runs_invoice_numbers ON agent_runs (org_id, invoice_vendor, invoice_number)
    WHERE agent_type = 'invoice_processor';
