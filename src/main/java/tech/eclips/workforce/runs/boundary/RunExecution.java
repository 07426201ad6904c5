package tech.eclips.workforce.runs.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * One run on its own: {@code queued → running} in one transaction, then the agent's work and the
 * outcome in a second; a platform error fails the run (with its refund) in a third. Used when a
 * batch fails ({@link RunWorkers}) so that one bad run cannot hold the others back.
 */
@ApplicationScoped
public class RunExecution {

  private static final Logger LOG = Logger.getLogger(RunExecution.class.getName());

  @Inject RunSteps steps;

  public void execute(OrgId org, UUID run) {
    if (!steps.start(org, run)) {
      return;
    }
    try {
      steps.complete(org, run);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "run " + run + " failed on our side", RedactedFailure.of(e));
      steps.fail(
          org, run, "platform_error", "The run failed on our side; its credits were refunded.");
    }
  }
}
