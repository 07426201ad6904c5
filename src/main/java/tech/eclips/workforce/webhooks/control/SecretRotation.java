package tech.eclips.workforce.webhooks.control;

import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.problems.control.Problems;

/**
 * A secret rotation's optional body, {@code {overlap_seconds?}}: how long the previous secret still
 * signs deliveries beside the new one, 0 to 86,400 (24 h). Without a body, the full 24 h: a
 * receiver that has not yet switched keeps verifying every delivery meanwhile, as Standard
 * Webhooks' several signatures intend.
 */
public record SecretRotation(Duration overlap) {

  public static final long MAX_OVERLAP_SECONDS = 86_400;
  static final String OVERLAP = "overlap_seconds";

  /**
   * The body is optional, so the operation has no {@code @Consumes} (it would refuse a rotation
   * without one): a body that is sent must say {@code application/json} here instead.
   */
  public static SecretRotation from(String body, String contentType) {
    if (body == null || body.isBlank()) {
      return new SecretRotation(Duration.ofSeconds(MAX_OVERLAP_SECONDS));
    }
    if (!json(contentType)) {
      throw Problems.unsupportedMediaType("Send the rotation's body as application/json.");
    }
    JsonRequest json = JsonRequest.parse(body, Set.of(OVERLAP));
    JsonValue value = json.value(OVERLAP);
    long seconds = MAX_OVERLAP_SECONDS;
    if (value instanceof JsonNumber number
        && number.isIntegral()
        && number.bigDecimalValue().signum() >= 0
        && number.bigDecimalValue().compareTo(BigDecimal.valueOf(MAX_OVERLAP_SECONDS)) <= 0) {
      seconds = number.longValue();
    } else if (value != null && value != JsonValue.NULL) {
      json.error(OVERLAP, "must be a whole number of seconds from 0 to " + MAX_OVERLAP_SECONDS);
    }
    json.done();
    return new SecretRotation(Duration.ofSeconds(seconds));
  }

  private static boolean json(String contentType) {
    try {
      return contentType != null
          && MediaType.APPLICATION_JSON_TYPE.isCompatible(MediaType.valueOf(contentType));
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }
}
