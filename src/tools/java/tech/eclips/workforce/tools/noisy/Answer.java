package tech.eclips.workforce.tools.noisy;

/**
 * One request's outcome: the status (-1 when no answer came: refused, reset, timed out), the body
 * when it was kept, its {@code Retry-After}, how long it took, and what went wrong on the wire.
 */
record Answer(int status, String body, String retryAfter, double millis, String failure) {

  static final int NO_ANSWER = -1;

  boolean isServerError() {
    return status >= 500 || status == NO_ANSWER;
  }

  /** {@code "code"} of a problem body, if the body is one. */
  String code() {
    if (body == null) {
      return "";
    }
    int at = body.indexOf("\"code\":\"");
    if (at < 0) {
      return "";
    }
    int end = body.indexOf('"', at + 8);
    return end < 0 ? "" : body.substring(at + 8, end);
  }

  /** The status with its problem code, e.g. {@code 429 rate_limited}, for tallies and messages. */
  String outcome() {
    if (status == NO_ANSWER) {
      return "no answer (" + failure + ")";
    }
    String code = code();
    return code.isEmpty() ? Integer.toString(status) : status + " " + code;
  }
}
