package tech.eclips.workforce.agents.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.problems.control.FieldError;

/**
 * Labels a text by keyword scoring. Each label has a fixed list of terms; a label's score is how
 * many of its terms occur (whole words, case-insensitive). The best score wins, ties going to the
 * label listed first; no match at all is {@code other}. {@code confidence = best / (sum of all
 * scores + 1)}, rounded to two places, so one weak hit is 0.5 and agreement of many terms
 * approaches 1.
 */
@ApplicationScoped
public class DocumentClassifier implements Agent {

  static final Map<String, List<String>> TERMS = new LinkedHashMap<>();

  static {
    TERMS.put(
        "invoice",
        List.of(
            "invoice",
            "invoice number",
            "amount due",
            "bill to",
            "payment terms",
            "due date",
            "vat"));
    TERMS.put(
        "receipt",
        List.of(
            "receipt",
            "paid",
            "total paid",
            "cashier",
            "change due",
            "thank you for your purchase"));
    TERMS.put(
        "contract",
        List.of(
            "agreement",
            "contract",
            "parties",
            "hereby",
            "terms and conditions",
            "governing law",
            "signature"));
    TERMS.put(
        "purchase_order",
        List.of(
            "purchase order",
            "po number",
            "ship to",
            "order date",
            "quantity ordered",
            "delivery date"));
  }

  private static final int MAX_TEXT = 1_000_000;
  private static final Map<String, Pattern> PATTERNS = new LinkedHashMap<>();

  static {
    TERMS
        .values()
        .forEach(
            terms ->
                terms.forEach(
                    t -> PATTERNS.put(t, Pattern.compile("\\b" + Pattern.quote(t) + "\\b"))));
  }

  @Override
  public String type() {
    return "document_classifier";
  }

  @Override
  public long defaultPrice() {
    return 2;
  }

  @Override
  public List<FieldError> validate(JsonObject input) {
    if (!(input.get("text") instanceof JsonString text) || text.getString().isBlank()) {
      return List.of(
          new FieldError("input.text", "must be a non-empty string (or give a document_id)"));
    }
    return text.getString().length() > MAX_TEXT
        ? List.of(new FieldError("input.text", "must be at most " + MAX_TEXT + " characters"))
        : List.of();
  }

  @Override
  public AgentResult run(JsonObject input, AgentContext context) {
    String text = input.getString("text").toLowerCase(Locale.ROOT);
    String best = "other";
    int bestScore = 0;
    int total = 0;
    List<String> bestTerms = List.of();
    for (Map.Entry<String, List<String>> label : TERMS.entrySet()) {
      List<String> matched = new ArrayList<>();
      for (String term : label.getValue()) {
        if (PATTERNS.get(term).matcher(text).find()) {
          matched.add(term);
        }
      }
      total += matched.size();
      if (matched.size() > bestScore) {
        best = label.getKey();
        bestScore = matched.size();
        bestTerms = matched;
      }
    }
    JsonArrayBuilder terms = JsonSupport.array();
    bestTerms.forEach(terms::add);
    BigDecimal confidence =
        bestScore == 0
            ? BigDecimal.ZERO
            : BigDecimal.valueOf(bestScore)
                .divide(BigDecimal.valueOf(total + 1L), 2, RoundingMode.HALF_EVEN);
    return new AgentResult(
        JsonSupport.object()
            .add("label", best)
            .add("confidence", confidence)
            .add("matched_terms", terms)
            .add("exceptions", JsonSupport.array())
            .build(),
        false);
  }
}
