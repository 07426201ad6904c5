package tech.eclips.workforce.trust.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.trust.entity.TrustLevel;

class TrustGateTest {

  private static final BigDecimal LIMIT = new BigDecimal("10000");

  private static JsonObject output(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  private static final JsonObject CLEAN_SMALL = output("{\"total\": 71.96, \"exceptions\": []}");
  private static final JsonObject CLEAN_LARGE = output("{\"total\": 10000.01, \"exceptions\": []}");
  private static final JsonObject AT_LIMIT = output("{\"total\": 10000.00, \"exceptions\": []}");
  private static final JsonObject EXCEPTIONS =
      output(
          "{\"total\": 12000, \"exceptions\": [{\"code\": \"total_mismatch\"},"
              + " {\"code\": \"missing_field\", \"field\": \"vendor\"},"
              + " {\"code\": \"missing_field\", \"field\": \"lines\"}]}");
  private static final JsonObject LABEL = output("{\"label\": \"contract\", \"exceptions\": []}");

  @Test
  void supervisedSendsEveryResultToReview() {
    assertEquals(
        List.of("review_required"), TrustGate.reasons(TrustLevel.SUPERVISED, CLEAN_SMALL, LIMIT));
    assertEquals(
        List.of("review_required"), TrustGate.reasons(TrustLevel.SUPERVISED, LABEL, LIMIT));
    assertEquals(
        List.of("review_required", "exception:total_mismatch", "exception:missing_field"),
        TrustGate.reasons(TrustLevel.SUPERVISED, EXCEPTIONS, LIMIT));
  }

  @Test
  void guardedSendsExceptionsAndAmountsAboveTheLimit() {
    assertEquals(List.of(), TrustGate.reasons(TrustLevel.GUARDED, CLEAN_SMALL, LIMIT));
    assertEquals(List.of(), TrustGate.reasons(TrustLevel.GUARDED, AT_LIMIT, LIMIT));
    assertEquals(List.of(), TrustGate.reasons(TrustLevel.GUARDED, LABEL, LIMIT));
    assertEquals(
        List.of("amount_over_limit"), TrustGate.reasons(TrustLevel.GUARDED, CLEAN_LARGE, LIMIT));
    assertEquals(
        List.of("exception:total_mismatch", "exception:missing_field", "amount_over_limit"),
        TrustGate.reasons(TrustLevel.GUARDED, EXCEPTIONS, LIMIT));
  }

  @Test
  void autonomousSendsOnlyExceptions() {
    assertEquals(List.of(), TrustGate.reasons(TrustLevel.AUTONOMOUS, CLEAN_LARGE, LIMIT));
    assertEquals(
        List.of("exception:total_mismatch", "exception:missing_field"),
        TrustGate.reasons(TrustLevel.AUTONOMOUS, EXCEPTIONS, LIMIT));
  }
}
