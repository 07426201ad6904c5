package tech.eclips.workforce.keys.control;

import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.problems.control.Problems;

/**
 * A rotation's optional body, {@code {grace_period_seconds?}}: how long the old key keeps working
 * beside its successor, 0 (the default: it stops at once) to 86,400 (CONTRACT §3: at most 24 h).
 * The body is optional, as it always was: a {@code @Consumes} would refuse a rotation without one
 * (415), so a body that is sent must say {@code application/json} here instead.
 */
public record Rotation(Duration grace) {

  public static final long MAX_GRACE_SECONDS = 86_400;
  static final String GRACE = "grace_period_seconds";

  public static Rotation from(String body, String contentType) {
    if (body == null || body.isBlank()) {
      return new Rotation(Duration.ZERO);
    }
    if (!json(contentType)) {
      throw Problems.unsupportedMediaType("Send the rotation's body as application/json.");
    }
    JsonRequest json = JsonRequest.parse(body, Set.of(GRACE));
    JsonValue value = json.value(GRACE);
    long seconds = 0;
    if (value instanceof JsonNumber number
        && number.isIntegral()
        && number.bigDecimalValue().signum() >= 0
        && number.bigDecimalValue().compareTo(BigDecimal.valueOf(MAX_GRACE_SECONDS)) <= 0) {
      seconds = number.longValue();
    } else if (value != null && value != JsonValue.NULL) {
      json.error(GRACE, "must be a whole number of seconds from 0 to " + MAX_GRACE_SECONDS);
    }
    json.done();
    return new Rotation(Duration.ofSeconds(seconds));
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
