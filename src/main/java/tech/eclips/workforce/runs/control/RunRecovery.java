package tech.eclips.workforce.runs.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.tenancy.control.PlatformDatabase;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * No run stays queued or running forever: at start-up every unfinished run (left by a stop or a
 * crash) is launched again, and every minute runs unfinished for more than {@link #STUCK} are too
 * ({@code runs.boundary.RunRecoverySchedule}). Execution is safe to repeat: a run is locked while
 * it completes, and a finished run is skipped.
 */
@ApplicationScoped
public class RunRecovery {

  static final Duration STUCK = Duration.ofMinutes(2);
  private static final Logger LOG = Logger.getLogger(RunRecovery.class.getName());

  @Inject PlatformDatabase platform;
  @Inject RunLauncher launcher;

  /** Everything unfinished, at start-up: what a stop or a crash left (repeating a run is safe). */
  public void recoverAllSafely() {
    try {
      recover(Instant.now());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "run recovery at start-up failed; will retry", RedactedFailure.of(e));
    }
  }

  /** What has been unfinished for longer than {@link #STUCK}. */
  public void sweepSafely() {
    try {
      recover(Instant.now().minus(STUCK));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "run recovery sweep failed; will retry", RedactedFailure.of(e));
    }
  }

  /** Launches every run created before {@code createdBefore} that is still queued or running. */
  public int recover(Instant createdBefore) {
    // ids only, and only through the platform role (V10): the app role cannot list other orgs' runs
    List<Object[]> unfinished =
        platform.query(
            "SELECT org_id, run_id FROM eclips_gate.unfinished_runs(?)",
            Timestamp.from(createdBefore));
    for (Object[] row : unfinished) {
      launcher.launch(
          new OrgId(UUID.fromString(row[0].toString())), UUID.fromString(row[1].toString()));
    }
    if (!unfinished.isEmpty()) {
      LOG.info("relaunched " + unfinished.size() + " unfinished run(s)");
    }
    return unfinished.size();
  }
}
