package tech.eclips.workforce.requests.control;

/**
 * One acquisition: allowed or not, and what the RateLimit fields should say about the window of the
 * named policy ({@code per-key} on /v1; {@code per-user}, {@code per-org}, {@code audit-scans},
 * {@code audit-queries} on the console and platform APIs).
 */
public record RateDecision(
    String policy,
    boolean allowed,
    int limit,
    int remaining,
    long secondsToReset,
    int windowSeconds) {

  public static final String PER_KEY = "per-key";

  /** A per-key decision, the /v1 ring's. */
  public RateDecision(
      boolean allowed, int limit, int remaining, long secondsToReset, int windowSeconds) {
    this(PER_KEY, allowed, limit, remaining, secondsToReset, windowSeconds);
  }

  /** The same window under another policy's name. */
  public RateDecision named(String name) {
    return new RateDecision(name, allowed, limit, remaining, secondsToReset, windowSeconds);
  }

  /** {@code RateLimit-Policy} (draft-ietf-httpapi-ratelimit-headers, structured fields). */
  public String policyField() {
    return "\"" + policy + "\";q=" + limit + ";w=" + windowSeconds;
  }

  /** {@code RateLimit}: remaining quota and seconds until the window resets. */
  public String limitField() {
    return "\"" + policy + "\";r=" + remaining + ";t=" + secondsToReset;
  }
}
