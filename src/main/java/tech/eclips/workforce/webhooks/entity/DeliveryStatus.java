package tech.eclips.workforce.webhooks.entity;

import java.util.Arrays;
import tech.eclips.workforce.json.Coded;

/** Where a delivery stands (V29's CHECK list). */
public enum DeliveryStatus implements Coded {
  /** To send now, or to retry at its next attempt. */
  PENDING("pending"),
  /** A 2xx answered one attempt. */
  SUCCEEDED("succeeded"),
  /** The retry window ended without a 2xx. */
  FAILED("failed");

  private final String code;

  DeliveryStatus(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  public static DeliveryStatus fromCode(String code) {
    return Arrays.stream(values())
        .filter(v -> v.code.equals(code))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("unknown delivery status"));
  }
}
