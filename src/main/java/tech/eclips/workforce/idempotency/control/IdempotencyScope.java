package tech.eclips.workforce.idempotency.control;

/**
 * Where an Idempotency-Key is unique: per org and mode on /v1 (test and live are separate worlds),
 * per org for the console's users, and apart from all of these for platform operations (on an org,
 * in that org's records; on no org yet, in the platform's own table).
 */
public enum IdempotencyScope {
  LIVE,
  TEST,
  CONSOLE,
  PLATFORM;

  public static IdempotencyScope forMode(boolean livemode) {
    return livemode ? LIVE : TEST;
  }

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
