package tech.eclips.workforce.runs.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.runs.boundary.RunSteps;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * One run, off the request thread: {@code queued → running} in one transaction, then the agent's work
 * and the outcome in a second. A platform error fails the run (with its refund) in a third.
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
      LOG.log(Level.SEVERE, "run " + run + " failed on our side", e);
      steps.fail(org, run, "platform_error", "The run failed on our side; its credits were refunded.");
    }
  }
}
