package tech.eclips.workforce.credits.boundary;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import tech.eclips.workforce.credits.control.CreditBalance;
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
            .add(
                "period",
                JsonSupport.object()
                    .add("start", credits.periodStart().toString())
                    .add("end", credits.periodEnd().toString()))
            .add("granted", credits.granted())
            .add("used", credits.used());
    return JsonFields.add(json, "budget", credits.budget()).build();
  }
}
