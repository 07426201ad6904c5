package tech.eclips.workforce.usage.control;

/** How a request with a key ended, as the rollup counts it. */
public enum Outcome {
  ALLOWED,
  /** 401 or 403: the key was refused (revoked, expired, disabled, missing scope). */
  REFUSED,
  /** 429. */
  LIMITED,
  /** 402: out of credits or over budget. */
  PAYMENT,
  /** Anything else at 400 or above (a bad body, a 404): counted, never a denial. */
  FAILED;

  public static Outcome of(int status) {
    if (status < 400) {
      return ALLOWED;
    }
    return switch (status) {
      case 401, 403 -> REFUSED;
      case 429 -> LIMITED;
      case 402 -> PAYMENT;
      default -> FAILED;
    };
  }
}
