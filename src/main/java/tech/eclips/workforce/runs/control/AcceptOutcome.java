package tech.eclips.workforce.runs.control;

import java.util.UUID;
import tech.eclips.workforce.requests.control.CreditLevel;

/**
 * What the database answered for one accept (a row of {@code eclips_accept_runs}, V23): the reason,
 * a replay's stored run and response, and the org's credits: after an accept the balance right
 * after its own debit, after a refused debit the balance, use and budget it met (null only when the
 * org has no current period yet, for a reason decided before the debit).
 */
public record AcceptOutcome(
    UUID run, AcceptReason reason, UUID replayedRun, String replayedBody, CreditLevel credits) {

  /** Throws the refusal this outcome answers, if it is one. */
  public AcceptOutcome orThrow(long price) {
    reason
        .refusal(this, price)
        .ifPresent(
            problem -> {
              throw problem;
            });
    return this;
  }
}
