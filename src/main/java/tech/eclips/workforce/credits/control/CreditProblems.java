package tech.eclips.workforce.credits.control;

import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.ProblemType;

/** The 402s (CONTRACT §5). */
public final class CreditProblems {

  private CreditProblems() {}

  public static ApiProblem insufficient(long balance, long price) {
    return new ApiProblem(
        ProblemType.INSUFFICIENT_CREDITS,
        "This needs " + price + " credits; the balance is " + balance + ".");
  }

  public static ApiProblem budgetExceeded(long used, long budget, long price) {
    return new ApiProblem(
        ProblemType.BUDGET_EXCEEDED,
        "This needs "
            + price
            + " credits; "
            + used
            + " of this period's budget of "
            + budget
            + " are used.");
  }
}
