package tech.eclips.workforce.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tech.eclips.workforce.problems.control.FieldError;
import tech.eclips.workforce.problems.control.Problems;

/**
 * A JSON object body being validated: each accessor records what is wrong instead of throwing, and
 * {@link #done()} throws one 400 listing every error, unknown fields included.
 */
public final class JsonRequest {

  private final JsonObject body;
  private final List<FieldError> errors = new ArrayList<>();

  private JsonRequest(JsonObject body) {
    this.body = body;
  }

  public static JsonRequest parse(String text, Set<String> knownFields) {
    if (text == null || text.isBlank()) {
      throw Problems.malformedBody("The request body must be a JSON object.");
    }
    JsonValue value;
    try (var reader = JsonSupport.reader(text)) {
      JsonLimits.check(text);
      value = reader.readValue();
    } catch (JsonParsingException e) {
      throw Problems.malformedBody(
          "The request body is not valid JSON (at line "
              + e.getLocation().getLineNumber()
              + ", column "
              + e.getLocation().getColumnNumber()
              + ").");
    } catch (JsonException e) {
      throw Problems.malformedBody("The request body is not valid JSON.");
    }
    if (!(value instanceof JsonObject object)) {
      throw Problems.malformedBody("The request body must be a JSON object.");
    }
    JsonRequest request = new JsonRequest(object);
    object.keySet().stream()
        .filter(k -> !knownFields.contains(k))
        .sorted()
        .forEach(k -> request.error(k, "is not a known field"));
    return request;
  }

  public Optional<String> optionalString(String field, int maxLength) {
    JsonValue value = body.get(field);
    if (value == null || value == JsonValue.NULL) {
      return Optional.empty();
    }
    if (!(value instanceof JsonString string)) {
      return error(field, "must be a string");
    }
    String text = string.getString().strip();
    if (text.isEmpty() || text.length() > maxLength) {
      return error(field, "must be 1 to " + maxLength + " characters");
    }
    return Optional.of(text);
  }

  public Optional<String> requiredString(String field, int maxLength) {
    if (!body.containsKey(field) || body.isNull(field)) {
      return error(field, "is required");
    }
    return optionalString(field, maxLength);
  }

  public Optional<JsonObject> optionalObject(String field) {
    JsonValue value = body.get(field);
    if (value == null || value == JsonValue.NULL) {
      return Optional.empty();
    }
    return value instanceof JsonObject object
        ? Optional.of(object)
        : error(field, "must be a JSON object");
  }

  public Optional<Long> optionalPositiveLong(String field, long max) {
    JsonValue value = body.get(field);
    if (value == null || value == JsonValue.NULL) {
      return Optional.empty();
    }
    if (!(value instanceof JsonNumber number)
        || !number.isIntegral()
        || number.bigDecimalValue().signum() <= 0
        || number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
      return error(field, "must be a whole number from 1 to " + max);
    }
    return Optional.of(number.longValue());
  }

  /** The raw value, or null when the field is absent (JSON null is {@code JsonValue.NULL}). */
  public JsonValue value(String field) {
    return body.get(field);
  }

  public boolean has(String field) {
    return body.containsKey(field);
  }

  public Optional<Integer> optionalPositiveInt(String field) {
    JsonValue value = body.get(field);
    if (value == null || value == JsonValue.NULL) {
      return Optional.empty();
    }
    if (!(value instanceof JsonNumber number)
        || !number.isIntegral()
        || number.bigDecimalValue().signum() <= 0
        || number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE))
            > 0) {
      return error(field, "must be a positive whole number");
    }
    return Optional.of(number.intValue());
  }

  public Optional<Instant> optionalInstant(String field) {
    Optional<String> text = optionalString(field, 64);
    try {
      return text.map(Instant::parse);
    } catch (DateTimeParseException e) {
      return error(field, "must be an RFC 3339 UTC time such as 2027-01-31T00:00:00Z");
    }
  }

  public Optional<List<String>> requiredStrings(String field) {
    JsonValue value = body.get(field);
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      return error(field, "must be a non-empty array of strings");
    }
    List<String> strings = new ArrayList<>();
    for (JsonValue item : array) {
      if (!(item instanceof JsonString string)) {
        return error(field, "must be a non-empty array of strings");
      }
      strings.add(string.getString());
    }
    return Optional.of(strings);
  }

  /** A non-negative decimal of at most {@code scale} places, no larger than {@code max}. */
  public Optional<java.math.BigDecimal> requiredAmount(
      String field, java.math.BigDecimal max, int scale) {
    JsonValue value = body.get(field);
    if (!(value instanceof JsonNumber number)
        || number.bigDecimalValue().signum() < 0
        || number.bigDecimalValue().compareTo(max) > 0
        || number.bigDecimalValue().stripTrailingZeros().scale() > scale) {
      return error(
          field,
          "must be a number from 0 to "
              + max.toPlainString()
              + " with at most "
              + scale
              + " decimals");
    }
    return Optional.of(number.bigDecimalValue().setScale(scale));
  }

  public <T> Optional<T> error(String field, String message) {
    if (errors.size() < FieldError.MAX_ERRORS) {
      errors.add(new FieldError(field, message));
    }
    return Optional.empty();
  }

  /** Throws one 400 with every error found, or returns if there were none. */
  public void done() {
    if (!errors.isEmpty()) {
      throw Problems.invalidRequest(errors);
    }
  }
}
