package tech.eclips.workforce.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import tech.eclips.workforce.tools.FaultInjector.Fault;
import tech.eclips.workforce.tools.Operation.Outcome;

/** The fault run as markdown, ending in the one-line summary; written as reliability-<date>.md. */
final class ReliabilityReport {

  private ReliabilityReport() {}

  static Path write(ReliabilityResult r, Path directory) throws IOException {
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
    StringBuilder md = new StringBuilder();
    md.append("# Reliability run ")
        .append(now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
        .append(" UTC\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%s; drove %.0f s; %d cores; %s %s; PostgreSQL %s; PostgreSQL restarts %s.%n%n",
            r.options(),
            r.driveSeconds(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name"),
            System.getProperty("java.version"),
            r.embeddedDatabase() ? "embedded (its own cluster)" : "the machine's cluster",
            r.postgresRestarts()
                ? "injected"
                : "not injected (the machine's cluster: pass --restart-machine-postgres)"));
    operations(md, r);
    faults(md, r);
    books(md, r);
    md.append("## Invariants\n\n| invariant | figure | holds |\n|---|---|---|\n");
    r.checks()
        .forEach(
            c ->
                md.append("| ")
                    .append(c.name())
                    .append(" | ")
                    .append(c.figure())
                    .append(" | ")
                    .append(c.holds() ? "yes" : "**NO**")
                    .append(" |\n"));
    if (!r.client().lostOperations().isEmpty()) {
      md.append("\nLost acknowledged operations:\n\n");
      r.client().lostOperations().stream()
          .limit(20)
          .forEach(line -> md.append("- ").append(line).append('\n'));
    }
    md.append('\n').append(r.summary()).append('\n');
    Files.createDirectories(directory);
    Path file =
        directory.resolve(
            "reliability-"
                + now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm", Locale.ROOT))
                + ".md");
    Files.writeString(file, md);
    return file;
  }

  private static void operations(StringBuilder md, ReliabilityResult r) {
    long retried = r.operations().stream().filter(o -> o.attempts() > 1).count();
    long replayed = r.operations().stream().filter(Operation::replayed).count();
    md.append("## Client operations\n\n| outcome | operations |\n|---|---|\n")
        .append("| ok (202 with a run id) | ")
        .append(r.count(Outcome.OK))
        .append(" |\n| refused (definite answer, nothing created) | ")
        .append(r.count(Outcome.REFUSED))
        .append(' ')
        .append(r.refusals())
        .append(" |\n| unknown (no definite answer within the retry budget) | ")
        .append(r.count(Outcome.UNKNOWN))
        .append(" (of which committed: ")
        .append(r.client().unknownCommitted())
        .append(") |\n| total | ")
        .append(r.operations().size())
        .append(" |\n\nRetried with the same Idempotency-Key: ")
        .append(retried)
        .append(" operations; 202s that were replays of an earlier commit: ")
        .append(replayed)
        .append(".\n\n");
  }

  private static void faults(StringBuilder md, ReliabilityResult r) {
    md.append("## Faults\n\n| fault | injected |\n|---|---|\n");
    for (Fault fault : Fault.values()) {
      md.append("| ")
          .append(fault.description)
          .append(" | ")
          .append(r.faults(fault))
          .append(" |\n");
    }
    md.append("\nConnections terminated in all: ")
        .append(r.backendsTerminated())
        .append(".\n\n```\n");
    r.timeline().forEach(line -> md.append(line).append('\n'));
    md.append("```\n\n");
  }

  private static void books(StringBuilder md, ReliabilityResult r) {
    md.append(
        "## Books per org\n\n| org | runs | debits | agent_run.created | failed | refunds |"
            + " balance | ledger sum | stuck |\n|---|---|---|---|---|---|---|---|---|\n");
    for (Invariants.OrgFigures b : r.books()) {
      md.append("| ")
          .append(b.org().label())
          .append(" | ")
          .append(b.runs())
          .append(" | ")
          .append(b.debits())
          .append(" | ")
          .append(b.createdEntries())
          .append(" | ")
          .append(b.failed())
          .append(" | ")
          .append(b.refunds())
          .append(" | ")
          .append(b.balance())
          .append(" | ")
          .append(b.ledgerSum())
          .append(" | ")
          .append(b.stuck())
          .append(" |\n");
    }
    md.append('\n');
  }
}
