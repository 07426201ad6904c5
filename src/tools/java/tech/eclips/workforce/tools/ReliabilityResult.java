package tech.eclips.workforce.tools;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tech.eclips.workforce.tools.FaultInjector.Fault;
import tech.eclips.workforce.tools.Operation.Outcome;

/** Everything a fault run measured; the report and FaultRunIT read it. */
public record ReliabilityResult(
    ReliabilityOptions options,
    boolean embeddedDatabase,
    boolean postgresRestarts,
    double driveSeconds,
    List<Operation> operations,
    Map<Fault, Integer> faults,
    long backendsTerminated,
    List<String> timeline,
    List<Invariants.OrgFigures> books,
    Invariants.ClientFigures client,
    List<Invariants.Check> checks) {

  long count(Outcome outcome) {
    return operations.stream().filter(o -> o.outcome() == outcome).count();
  }

  int faults(Fault fault) {
    return faults.getOrDefault(fault, 0);
  }

  public int totalFaults() {
    return faults.values().stream().mapToInt(Integer::intValue).sum();
  }

  public long lost() {
    return client.lost();
  }

  public long stuck() {
    return books.stream().mapToLong(Invariants.OrgFigures::stuck).sum();
  }

  List<Invariants.Check> failedChecks() {
    return checks.stream().filter(c -> !c.holds()).toList();
  }

  public long invariantFailures() {
    return failedChecks().size();
  }

  /** Refusals by HTTP status and problem code, e.g. {@code 402 insufficient_credits=12}. */
  public Map<String, Long> refusals() {
    return operations.stream()
        .filter(o -> o.outcome() == Outcome.REFUSED)
        .collect(
            Collectors.groupingBy(
                o -> o.status() + " " + o.code(), TreeMap::new, Collectors.counting()));
  }

  public long ok() {
    return count(Outcome.OK);
  }

  public int serverKills() {
    return faults(Fault.SERVER_KILL);
  }

  public int backendTerminations() {
    return faults(Fault.BACKEND_TERMINATION);
  }

  public int postgresRestartCount() {
    return faults(Fault.POSTGRES_RESTART_FAST) + faults(Fault.POSTGRES_RESTART_IMMEDIATE);
  }

  /** Each failed invariant as "name: figure". */
  public List<String> failures() {
    return failedChecks().stream().map(c -> c.name() + ": " + c.figure()).toList();
  }

  public String summary() {
    return "summary: lost="
        + lost()
        + " stuck="
        + stuck()
        + " invariant_failures="
        + invariantFailures()
        + " ops="
        + operations.size()
        + " ok="
        + count(Outcome.OK)
        + " refused="
        + count(Outcome.REFUSED)
        + " unknown="
        + count(Outcome.UNKNOWN)
        + " faults="
        + totalFaults()
        + " kill9="
        + faults(Fault.SERVER_KILL)
        + " terminate="
        + faults(Fault.BACKEND_TERMINATION)
        + " pg_restart="
        + postgresRestartCount();
  }
}
