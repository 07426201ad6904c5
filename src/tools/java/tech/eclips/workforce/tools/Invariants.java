package tech.eclips.workforce.tools;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tech.eclips.workforce.tools.Operation.Outcome;
import tech.eclips.workforce.tools.ReliabilitySeed.Org;

/**
 * What must hold after the faults, read as the administrator (behind RLS) and compared with what
 * the clients were told. Each check is a figure with the value it must have.
 */
final class Invariants {

  /** One invariant: its name, the figure measured, and whether it holds. */
  record Check(String name, String figure, boolean holds) {}

  /** An org's books after the run. */
  record OrgFigures(
      Org org,
      long runs,
      long debits,
      long createdEntries,
      long debited,
      long charged,
      long failed,
      long refunds,
      long refunded,
      long failedCharged,
      long balance,
      long ledgerSum,
      long stuck,
      long runsNotDebitedOnce,
      long runsNotAuditedOnce,
      long runsWithoutKey,
      long runsWithSeveralKeys,
      long refundsNotOfFailedRuns) {}

  private Invariants() {}

  static OrgFigures books(Connection admin, Org org) throws SQLException {
    String o = "'" + org.id() + "'::uuid";
    String query =
        "SELECT"
            + " (SELECT count(*) FROM agent_runs WHERE org_id = :org),"
            + " (SELECT count(*) FROM credit_ledger WHERE org_id = :org AND entry_type = 'debit'),"
            + " (SELECT count(*) FROM audit_log WHERE org_id = :org AND action = 'agent_run.created'),"
            + " (SELECT coalesce(-sum(amount), 0) FROM credit_ledger WHERE org_id = :org AND entry_type = 'debit'),"
            + " (SELECT coalesce(sum(credits_charged), 0) FROM agent_runs WHERE org_id = :org),"
            + " (SELECT count(*) FROM agent_runs WHERE org_id = :org AND status = 'failed'),"
            + " (SELECT count(*) FROM credit_ledger WHERE org_id = :org AND entry_type = 'refund'),"
            + " (SELECT coalesce(sum(amount), 0) FROM credit_ledger WHERE org_id = :org AND entry_type = 'refund'),"
            + " (SELECT coalesce(sum(credits_charged), 0) FROM agent_runs WHERE org_id = :org AND status = 'failed'),"
            + " (SELECT balance FROM credit_usage_periods WHERE org_id = :org ORDER BY period_start DESC LIMIT 1),"
            + " (SELECT coalesce(sum(amount), 0) FROM credit_ledger WHERE org_id = :org),"
            + " (SELECT count(*) FROM agent_runs WHERE org_id = :org AND status IN ('queued', 'running')),"
            + " (SELECT count(*) FROM agent_runs r LEFT JOIN (SELECT run_id, count(*) n FROM credit_ledger"
            + "   WHERE org_id = :org AND entry_type = 'debit' GROUP BY 1) l ON l.run_id = r.id"
            + "   WHERE r.org_id = :org AND coalesce(l.n, 0) <> 1),"
            + " (SELECT count(*) FROM agent_runs r LEFT JOIN (SELECT resource_id, count(*) n FROM audit_log"
            + "   WHERE org_id = :org AND action = 'agent_run.created' GROUP BY 1) a ON a.resource_id = r.id::text"
            + "   WHERE r.org_id = :org AND coalesce(a.n, 0) <> 1),"
            + " (SELECT count(*) FROM agent_runs r WHERE r.org_id = :org AND NOT EXISTS"
            + "   (SELECT 1 FROM idempotency_keys k WHERE k.org_id = :org AND k.resource_id = r.id)),"
            + " (SELECT count(*) FROM (SELECT resource_id FROM idempotency_keys WHERE org_id = :org"
            + "   AND resource_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) several),"
            + " (SELECT count(*) FROM credit_ledger l WHERE l.org_id = :org AND l.entry_type = 'refund'"
            + "   AND NOT EXISTS (SELECT 1 FROM agent_runs r WHERE r.org_id = :org AND r.id = l.run_id"
            + "   AND r.status = 'failed'))";
    try (Statement sql = admin.createStatement();
        ResultSet row = sql.executeQuery(query.replace(":org", o))) {
      row.next();
      long[] v = new long[17];
      for (int i = 0; i < v.length; i++) {
        v[i] = row.getLong(i + 1);
      }
      return new OrgFigures(
          org, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
          v[13], v[14], v[15], v[16]);
    }
  }

  /** What the clients were told, against what the database holds. */
  record ClientFigures(
      long lost,
      long answeredWithOtherRun,
      long refusedButCreated,
      long unknownCommitted,
      List<String> lostOperations) {}

  static ClientFigures client(Connection admin, List<Org> orgs, List<Operation> operations)
      throws SQLException {
    Set<UUID> runs = new HashSet<>();
    Map<String, UUID> runOfKey = new HashMap<>();
    for (Org org : orgs) {
      try (Statement sql = admin.createStatement();
          ResultSet rows =
              sql.executeQuery("SELECT id FROM agent_runs WHERE org_id = '" + org.id() + "'")) {
        while (rows.next()) {
          runs.add(rows.getObject(1, UUID.class));
        }
      }
      try (Statement sql = admin.createStatement();
          ResultSet rows =
              sql.executeQuery(
                  "SELECT idem_key, resource_id FROM idempotency_keys WHERE resource_id IS NOT NULL"
                      + " AND org_id = '"
                      + org.id()
                      + "'")) {
        while (rows.next()) {
          runOfKey.put(org.id() + " " + rows.getString(1), rows.getObject(2, UUID.class));
        }
      }
    }
    long lost = 0;
    long otherRun = 0;
    long refusedButCreated = 0;
    long unknownCommitted = 0;
    List<String> lostOperations = new ArrayList<>();
    for (Operation op : operations) {
      UUID stored = runOfKey.get(op.org().id() + " " + op.idempotencyKey());
      switch (op.outcome()) {
        case OK -> {
          if (op.runId() == null || !runs.contains(op.runId())) {
            lost++;
            lostOperations.add(op + ", the key now holds run " + stored);
          }
          otherRun += op.runId() != null && !op.runId().equals(stored) ? 1 : 0;
        }
        case REFUSED -> refusedButCreated += stored != null ? 1 : 0;
        case UNKNOWN -> unknownCommitted += stored != null ? 1 : 0;
      }
    }
    return new ClientFigures(lost, otherRun, refusedButCreated, unknownCommitted, lostOperations);
  }

  static List<Check> checks(
      List<OrgFigures> books,
      ClientFigures client,
      Map<Org, Boolean> chains,
      List<Operation> operations,
      int faultErrors) {
    List<Check> checks = new ArrayList<>();
    checks.add(check("acknowledged runs lost (202s whose run does not exist)", client.lost(), 0));
    long ok = operations.stream().filter(o -> o.outcome() == Outcome.OK).count();
    checks.add(new Check("operations acknowledged with a 202", Long.toString(ok), ok > 0));
    checks.add(
        check("202s whose Idempotency-Key holds another run", client.answeredWithOtherRun(), 0));
    checks.add(check("refusals that created a run anyway", client.refusedButCreated(), 0));
    long unexpected =
        operations.stream()
            .filter(o -> o.outcome() == Outcome.REFUSED)
            .filter(
                o -> !"insufficient_credits".equals(o.code()) && !"circuit_open".equals(o.code()))
            .count();
    checks.add(
        check("refusals other than 402 insufficient_credits / 503 circuit_open", unexpected, 0));
    for (OrgFigures b : books) {
      String org = b.org().label();
      checks.add(
          new Check(
              org + ": runs ≡ debits ≡ agent_run.created entries (each run once)",
              b.runs()
                  + " ≡ "
                  + b.debits()
                  + " ≡ "
                  + b.createdEntries()
                  + "; debited "
                  + b.debited()
                  + " ≡ charged "
                  + b.charged()
                  + "; runs not debited once "
                  + b.runsNotDebitedOnce()
                  + ", not audited once "
                  + b.runsNotAuditedOnce(),
              b.runs() == b.debits()
                  && b.runs() == b.createdEntries()
                  && b.debited() == b.charged()
                  && b.runsNotDebitedOnce() == 0
                  && b.runsNotAuditedOnce() == 0));
      checks.add(
          new Check(
              org + ": one run per Idempotency-Key",
              "runs without a key "
                  + b.runsWithoutKey()
                  + ", runs with several keys "
                  + b.runsWithSeveralKeys(),
              b.runsWithoutKey() == 0 && b.runsWithSeveralKeys() == 0));
      checks.add(
          new Check(
              org + ": balance ≡ ledger sum",
              b.balance() + " ≡ " + b.ledgerSum(),
              b.balance() == b.ledgerSum()));
      checks.add(
          new Check(
              org + ": refunds ≡ failed runs",
              b.refunds()
                  + " ≡ "
                  + b.failed()
                  + "; refunded "
                  + b.refunded()
                  + " ≡ charged "
                  + b.failedCharged()
                  + "; refunds of runs not failed "
                  + b.refundsNotOfFailedRuns(),
              b.refunds() == b.failed()
                  && b.refunded() == b.failedCharged()
                  && b.refundsNotOfFailedRuns() == 0));
      checks.add(check(org + ": runs stuck in queued/running after recovery", b.stuck(), 0));
      Boolean valid = chains.get(b.org());
      checks.add(
          new Check(
              org + ": audit chain verifies", String.valueOf(valid), Boolean.TRUE.equals(valid)));
    }
    checks.add(check("faults that could not be injected", faultErrors, 0));
    return checks;
  }

  private static Check check(String name, long value, long expected) {
    return new Check(name, Long.toString(value), value == expected);
  }
}
