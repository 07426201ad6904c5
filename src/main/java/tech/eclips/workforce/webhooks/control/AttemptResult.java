package tech.eclips.workforce.webhooks.control;

/**
 * What one attempt came to: the receiver's HTTP status (null when there was none: refused,
 * unreachable, timed out, not HTTP), how long it took, and a short reason of ours for a failure
 * (never text the receiver sent).
 */
public record AttemptResult(Integer status, long latencyMillis, String error) {

  public boolean succeeded() {
    return status != null && status >= 200 && status < 300;
  }

  /** The metric's outcome label: {@code succeeded}, {@code failed} or {@code refused}. */
  public String outcome() {
    if (succeeded()) {
      return "succeeded";
    }
    return error != null && error.startsWith(REFUSED) ? "refused" : "failed";
  }

  static final String REFUSED = "destination refused: ";

  public static AttemptResult refused(String why) {
    return new AttemptResult(null, 0, REFUSED + why);
  }
}
