package tech.eclips.workforce.agents.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.problems.control.FieldError;

/**
 * Normalises an invoice and checks it. Amounts are exact decimals; line amounts, subtotal, tax and
 * total are rounded half-even to the currency's minor unit only at the end. {@code tax_rate} is a
 * fraction ({@code 0.2} for 20 %). Exceptions: {@code missing_field}, {@code negative_amount},
 * {@code total_mismatch}, {@code due_before_issue}, {@code duplicate_invoice_number}.
 */
@ApplicationScoped
public class InvoiceProcessor implements Agent {

  static final List<String> REQUIRED =
      List.of("vendor", "invoice_number", "currency", "issue_date", "lines");

  @Override
  public String type() {
    return "invoice_processor";
  }

  @Override
  public long defaultPrice() {
    return 10;
  }

  @Override
  public List<FieldError> validate(JsonObject input) {
    List<FieldError> errors = new ArrayList<>();
    for (String field : List.of("vendor", "invoice_number", "currency", "issue_date", "due_date")) {
      if (present(input, field) && !(input.get(field) instanceof JsonString)) {
        errors.add(new FieldError("input." + field, "must be a string"));
      }
    }
    text(input, "currency")
        .filter(c -> currency(c).isEmpty())
        .ifPresent(
            c ->
                errors.add(
                    new FieldError("input.currency", "must be an ISO 4217 code such as EUR")));
    for (String field : List.of("issue_date", "due_date")) {
      text(input, field)
          .filter(d -> date(d).isEmpty())
          .ifPresent(
              d ->
                  errors.add(
                      new FieldError("input." + field, "must be a date such as 2026-11-28")));
    }
    for (String field : List.of("tax_rate", "total")) {
      if (present(input, field) && decimal(input.get(field)).isEmpty()) {
        errors.add(new FieldError("input." + field, "must be a number"));
      }
    }
    if (present(input, "lines")) {
      validateLines(input.get("lines"), errors);
    }
    return errors;
  }

  private static void validateLines(JsonValue lines, List<FieldError> errors) {
    if (!(lines instanceof JsonArray array)) {
      errors.add(
          new FieldError("input.lines", "must be an array of {description, quantity, unit_price}"));
      return;
    }
    // a problem lists at most FieldError.MAX_ERRORS; counting on past them only costs heap
    for (int i = 0; i < array.size() && errors.size() < FieldError.MAX_ERRORS; i++) {
      if (!(array.get(i) instanceof JsonObject line)) {
        errors.add(new FieldError("input.lines[" + i + "]", "must be an object"));
        continue;
      }
      for (String field : List.of("quantity", "unit_price")) {
        if (!present(line, field) || decimal(line.get(field)).isEmpty()) {
          errors.add(new FieldError("input.lines[" + i + "]." + field, "must be a number"));
        }
      }
    }
  }

  @Override
  public AgentResult run(JsonObject input, AgentContext context) {
    JsonArrayBuilder exceptions = JsonSupport.array();
    int count = 0;
    for (String field : REQUIRED) {
      if (!present(input, field) || (input.get(field) instanceof JsonArray a && a.isEmpty())) {
        exceptions.add(exception("missing_field", field, field + " is missing"));
        count++;
      }
    }
    int scale =
        text(input, "currency")
            .flatMap(InvoiceProcessor::currency)
            .map(Currency::getDefaultFractionDigits)
            .filter(d -> d >= 0)
            .orElse(2);
    JsonArrayBuilder lines = JsonSupport.array();
    BigDecimal subtotal = BigDecimal.ZERO;
    boolean negative = false;
    JsonArray inputLines =
        input.get("lines") instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
    for (JsonValue value : inputLines) {
      JsonObject line = value.asJsonObject();
      BigDecimal quantity = decimal(line.get("quantity")).orElseThrow();
      BigDecimal unitPrice = decimal(line.get("unit_price")).orElseThrow();
      negative |= quantity.signum() < 0 || unitPrice.signum() < 0;
      BigDecimal amount = quantity.multiply(unitPrice);
      subtotal = subtotal.add(amount);
      lines.add(
          JsonSupport.object()
              .add("description", text(line, "description").orElse(""))
              .add("quantity", quantity)
              .add("unit_price", unitPrice)
              .add("amount", amount.setScale(scale, RoundingMode.HALF_EVEN)));
    }
    BigDecimal taxRate = optionalDecimal(input, "tax_rate").orElse(BigDecimal.ZERO);
    BigDecimal tax = subtotal.multiply(taxRate).setScale(scale, RoundingMode.HALF_EVEN);
    BigDecimal roundedSubtotal = subtotal.setScale(scale, RoundingMode.HALF_EVEN);
    BigDecimal total = roundedSubtotal.add(tax);
    Optional<BigDecimal> given = optionalDecimal(input, "total");
    negative |= taxRate.signum() < 0 || given.map(g -> g.signum() < 0).orElse(false);
    if (negative) {
      exceptions.add(
          exception("negative_amount", null, "a quantity, price, rate or total is negative"));
      count++;
    }
    if (given.isPresent()
        && given.get().setScale(scale, RoundingMode.HALF_EVEN).compareTo(total) != 0) {
      exceptions.add(
          exception(
              "total_mismatch",
              "total",
              "given " + given.get().toPlainString() + ", computed " + total.toPlainString()));
      count++;
    }
    Optional<LocalDate> issued = text(input, "issue_date").flatMap(InvoiceProcessor::date);
    Optional<LocalDate> due = text(input, "due_date").flatMap(InvoiceProcessor::date);
    if (issued.isPresent() && due.isPresent() && due.get().isBefore(issued.get())) {
      exceptions.add(
          exception(
              "due_before_issue",
              "due_date",
              "due " + due.get() + " is before issue " + issued.get()));
      count++;
    }
    Optional<String> vendor = text(input, "vendor");
    Optional<String> number = text(input, "invoice_number");
    if (vendor.isPresent()
        && number.isPresent()
        && context.invoiceSeenBefore(vendor.get(), number.get(), context.runId())) {
      exceptions.add(
          exception(
              "duplicate_invoice_number", "invoice_number", "already processed for this vendor"));
      count++;
    }
    JsonObjectBuilder output = JsonSupport.object();
    for (String field : List.of("vendor", "invoice_number", "currency", "issue_date", "due_date")) {
      text(input, field).ifPresentOrElse(v -> output.add(field, v), () -> output.addNull(field));
    }
    output
        .add("lines", lines)
        .add("subtotal", roundedSubtotal)
        .add("tax_rate", taxRate)
        .add("tax", tax)
        .add("total", total)
        .add("exceptions", exceptions);
    return new AgentResult(output.build(), count > 0);
  }

  private static JsonObject exception(String code, String field, String message) {
    JsonObjectBuilder e = JsonSupport.object().add("code", code);
    if (field != null) {
      e.add("field", field);
    }
    return e.add("message", message).build();
  }

  private static boolean present(JsonObject object, String field) {
    return object.containsKey(field) && object.get(field) != JsonValue.NULL;
  }

  private static Optional<String> text(JsonObject object, String field) {
    return object.get(field) instanceof JsonString s && !s.getString().isBlank()
        ? Optional.of(s.getString().strip())
        : Optional.empty();
  }

  private static Optional<BigDecimal> optionalDecimal(JsonObject object, String field) {
    return present(object, field) ? decimal(object.get(field)) : Optional.empty();
  }

  /**
   * A JSON number or numeric string of sane size (no 1e999999 that would cost a DoS to multiply).
   */
  static Optional<BigDecimal> decimal(JsonValue value) {
    BigDecimal number;
    if (value instanceof JsonNumber json) {
      number = json.bigDecimalValue();
    } else if (value instanceof JsonString text && text.getString().length() <= 40) {
      try {
        number = new BigDecimal(text.getString().strip());
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    } else {
      return Optional.empty();
    }
    boolean sane =
        number.precision() <= 30
            && number.scale() <= 12
            && number.precision() - number.scale() <= 18;
    return sane ? Optional.of(number) : Optional.empty();
  }

  private static Optional<Currency> currency(String code) {
    try {
      return code.matches("[A-Z]{3}") ? Optional.of(Currency.getInstance(code)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<LocalDate> date(String text) {
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
