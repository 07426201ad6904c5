package tech.eclips.workforce.runs.control;

import java.util.UUID;

/**
 * What the database answered for one accept (a row of {@code eclips_accept_runs}, V23): the reason,
 * a replay's stored run and response, a refused debit's balance, use and budget.
 */
public record AcceptOutcome(
    UUID run,
    AcceptReason reason,
    UUID replayedRun,
    String replayedBody,
    long balance,
    long used,
    Long budget) {

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
