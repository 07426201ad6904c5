package tech.eclips.workforce.ratelimit.control;

/** One acquisition: allowed or not, and what the RateLimit fields should say about the window. */
public record RateDecision(
    boolean allowed, int limit, int remaining, long secondsToReset, int windowSeconds) {

  /** {@code RateLimit-Policy} (draft-ietf-httpapi-ratelimit-headers, structured fields). */
  public String policyField() {
    return "\"per-key\";q=" + limit + ";w=" + windowSeconds;
  }

  /** {@code RateLimit}: remaining quota and seconds until the window resets. */
  public String limitField() {
    return "\"per-key\";r=" + remaining + ";t=" + secondsToReset;
  }
}
