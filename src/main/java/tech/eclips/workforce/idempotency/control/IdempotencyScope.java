package tech.eclips.workforce.idempotency.control;

/**
 * Where an Idempotency-Key is unique: per org and mode on /v1 (test and live are separate worlds),
 * and apart from both for platform operations on an org.
 */
public enum IdempotencyScope {
  LIVE,
  TEST,
  PLATFORM;

  public static IdempotencyScope forMode(boolean livemode) {
    return livemode ? LIVE : TEST;
  }

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
