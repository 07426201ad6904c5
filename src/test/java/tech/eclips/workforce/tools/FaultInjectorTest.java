package tech.eclips.workforce.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The drive waits for every planned fault however slow its recovery, up to the faults' own bounds:
 * in CI a killed Liberty once took 110 s to be ready again, and a cap of three times the drive's 35
 * s stopped the run before its PostgreSQL restart and second burst of terminations.
 */
class FaultInjectorTest {

  private static final DatabaseSettings DB =
      DatabaseSettings.fromEnvironment(Map.of(), "localhost", 5432, "eclips");
  private static final PostgresRestart NO_OP = mode -> {};

  @Test
  void theShortRunsPlannedFaultsMayTakeAsLongAsTheirRecoveriesAreBounded() {
    ReliabilityOptions shortRun = ReliabilityOptions.parse(new String[] {"--short"}, Map.of());
    FaultInjector faults = injector(shortRun, Optional.of(NO_OP));

    Duration spacing = shortRun.faultSpacing().multipliedBy(4);
    Duration kill = FaultInjector.SERVER_START;
    Duration restart =
        PostgresRestart.TIMEOUT.plus(FaultInjector.BACK_AFTER_RESTART.multipliedBy(2));
    assertTrue(
        faults.plannedBound().compareTo(spacing.plus(kill).plus(restart)) >= 0,
        "bound " + faults.plannedBound() + " shorter than the recoveries it waits for");
    assertTrue(
        faults.plannedBound().compareTo(shortRun.duration().multipliedBy(3)) > 0,
        "no longer than the old cap");
  }

  @Test
  void withoutAPostgresToRestartTheBoundLeavesTheRestartsOut() {
    ReliabilityOptions shortRun = ReliabilityOptions.parse(new String[] {"--short"}, Map.of());
    Duration with = injector(shortRun, Optional.of(NO_OP)).plannedBound();
    Duration without = injector(shortRun, Optional.empty()).plannedBound();

    assertEquals(
        PostgresRestart.TIMEOUT
            .plus(FaultInjector.BACK_AFTER_RESTART.multipliedBy(2))
            .plus(shortRun.faultSpacing())
            .toSeconds(),
        with.minus(without).toSeconds());
  }

  private static FaultInjector injector(
      ReliabilityOptions options, Optional<PostgresRestart> postgres) {
    return new FaultInjector(
        null,
        DB,
        postgres,
        options.plannedFaults(),
        options.faultCycle(),
        options.faultSpacing(),
        options.duration());
  }
}
