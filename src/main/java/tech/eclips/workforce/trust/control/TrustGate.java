package tech.eclips.workforce.trust.control;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tech.eclips.workforce.trust.entity.TrustLevel;

/**
 * Ring step 6 once a result exists: does it go to a human first? Supervised: always; guarded: with
 * an exception or an invoice total above the org's auto-approve limit; autonomous: with an
 * exception only. The reasons say why, in a fixed order.
 */
public final class TrustGate {

  public static final String REVIEW_REQUIRED = "review_required";
  public static final String AMOUNT_OVER_LIMIT = "amount_over_limit";
  public static final String EXCEPTION_PREFIX = "exception:";

  private TrustGate() {}

  /** Empty when the result may stand without review. */
  public static List<String> reasons(TrustLevel level, JsonObject output, BigDecimal limit) {
    List<String> reasons = new ArrayList<>();
    if (level == TrustLevel.SUPERVISED) {
      reasons.add(REVIEW_REQUIRED);
    }
    exceptionCodes(output).forEach(code -> reasons.add(EXCEPTION_PREFIX + code));
    if (level == TrustLevel.GUARDED && overLimit(output, limit)) {
      reasons.add(AMOUNT_OVER_LIMIT);
    }
    return reasons;
  }

  private static Set<String> exceptionCodes(JsonObject output) {
    Set<String> codes = new LinkedHashSet<>();
    if (output.get("exceptions") instanceof JsonArray exceptions) {
      for (JsonValue exception : exceptions) {
        if (exception instanceof JsonObject e && e.containsKey("code")) {
          codes.add(e.getString("code", "unknown"));
        }
      }
    }
    return codes;
  }

  /** Only results that carry a total (invoices) can be over the limit. */
  private static boolean overLimit(JsonObject output, BigDecimal limit) {
    return output.get("total") instanceof JsonNumber total
        && total.bigDecimalValue().compareTo(limit) > 0;
  }
}
