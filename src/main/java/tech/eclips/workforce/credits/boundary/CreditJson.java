package tech.eclips.workforce.credits.boundary;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import tech.eclips.workforce.credits.control.CreditBalance;
import tech.eclips.workforce.credits.control.DailyUse;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;

/** {@code {object: "credit_balance", balance, period: {start, end}, granted, used, budget}}. */
public final class CreditJson {

  private CreditJson() {}

  public static JsonObject of(CreditBalance credits) {
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("object", "credit_balance")
            .add("balance", credits.balance())
            .add("period", period(credits))
            .add("granted", credits.granted())
            .add("used", credits.used());
    return JsonFields.add(json, "budget", credits.budget()).build();
  }

  /** {@code {object: "credit_usage", period, used, budget, days: [{date, debited, refunded}]}}. */
  static JsonObject usage(CreditBalance credits, List<DailyUse> days) {
    JsonArrayBuilder rows = JsonSupport.array();
    for (DailyUse day : days) {
      rows.add(
          JsonSupport.object()
              .add("date", day.day().toString())
              .add("debited", day.debited())
              .add("refunded", day.refunded()));
    }
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("object", "credit_usage")
            .add("period", period(credits))
            .add("used", credits.used());
    return JsonFields.add(json, "budget", credits.budget()).add("days", rows).build();
  }

  private static JsonObjectBuilder period(CreditBalance credits) {
    return JsonSupport.object()
        .add("start", credits.periodStart().toString())
        .add("end", credits.periodEnd().toString());
  }
}
