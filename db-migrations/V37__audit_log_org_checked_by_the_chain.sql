-- The audit log's foreign key to organizations (issue 26). PostgreSQL checked it for every row
-- appended: a trigger, a statement and a KEY SHARE lock on the org's row, per row. Measured on the
-- benchmark's database: 17-22 µs a row with it, 10-12 µs without (20,000 rows, the same batch), i.e.
-- about a fifth of the PostgreSQL CPU of a guarded read, which audits every call; and the lock made the
-- audit writer, the accept writers and the run workers share (multixact) the same org row.
--
-- The rule it kept still holds, checked where rows come in: audit rows are inserted only by
-- eclips_append_audit (V10: only ${audit_writer_role}, which owns it, may INSERT), for the transaction's
-- tenant only, and it now refuses an org that does not exist when it starts that org's chain (no
-- earlier row and no anchor). An org is never deleted by any runtime role (the platform role may
-- insert organizations, not delete them), so a chain that has started keeps its org. The owner role
-- (migrations) could delete an org that has only audit rows; every other org-scoped table keeps its
-- foreign key.

ALTER TABLE audit_log DROP CONSTRAINT audit_log_org_id_fkey;

-- what the chain function reads to know the org exists: the tenant's own row, its id only
GRANT SELECT (id) ON organizations TO ${audit_writer_role};
CREATE POLICY audit_writer_checks_org ON organizations FOR SELECT TO ${audit_writer_role}
    USING (id = (SELECT eclips_current_org()));
