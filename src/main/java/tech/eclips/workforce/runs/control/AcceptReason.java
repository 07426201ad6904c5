package tech.eclips.workforce.runs.control;

import java.util.Arrays;
import java.util.Optional;
import tech.eclips.workforce.credits.control.CreditProblems;
import tech.eclips.workforce.idempotency.control.Idempotency;
import tech.eclips.workforce.problems.control.ApiProblem;

/**
 * Why {@code eclips_accept_runs} (V23) answered as it did for one accept, and the one place where a
 * reason becomes the client's answer. {@link #needsRequestTransaction}: the reason is answered in
 * the request's own transaction (a replay is audited there; a breaker that is not closed is the
 * breakers' rule to apply), never from a batch's.
 */
public enum AcceptReason {
  ACCEPTED("accepted", false),
  REPLAY("replay", true),
  IDEMPOTENCY_CONFLICT("idempotency_conflict", false),
  INSUFFICIENT_CREDITS("insufficient_credits", false),
  BUDGET_EXCEEDED("budget_exceeded", false),
  BREAKER_NOT_CLOSED("breaker_not_closed", true);

  private final String code;
  private final boolean needsRequestTransaction;

  AcceptReason(String code, boolean needsRequestTransaction) {
    this.code = code;
    this.needsRequestTransaction = needsRequestTransaction;
  }

  public boolean needsRequestTransaction() {
    return needsRequestTransaction;
  }

  static AcceptReason of(String code) {
    return Arrays.stream(values())
        .filter(r -> r.code.equals(code))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("unknown accept reason " + code));
  }

  /** The refusal this outcome answers; empty for an accept, a replay or an unjudged breaker. */
  Optional<ApiProblem> refusal(AcceptOutcome outcome, long price) {
    return switch (this) {
      case IDEMPOTENCY_CONFLICT -> Optional.of(Idempotency.conflict());
      case INSUFFICIENT_CREDITS ->
          Optional.of(CreditProblems.insufficient(outcome.credits().balance(), price));
      case BUDGET_EXCEEDED ->
          Optional.of(
              CreditProblems.budgetExceeded(
                  outcome.credits().used(), outcome.credits().budget(), price));
      case ACCEPTED, REPLAY, BREAKER_NOT_CLOSED -> Optional.empty();
    };
  }
}
