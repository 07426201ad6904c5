package tech.eclips.workforce.json;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * Cursor pagination: {@code limit} (1..100, default 10) and {@code starting_after} (an id from the
 * previous page). Callers fetch {@code limit + 1} rows so {@code has_more} costs no extra query.
 */
public record Page(int limit) {

  public static final int DEFAULT = 10;
  public static final int MAX = 100;

  public static Page of(String limitParameter) {
    if (limitParameter == null || limitParameter.isBlank()) {
      return new Page(DEFAULT);
    }
    try {
      int limit = Integer.parseInt(limitParameter.strip());
      if (limit >= 1 && limit <= MAX) {
        return new Page(limit);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw tech.eclips.workforce.problems.control.Problems.invalidRequest(
        "limit", "must be a whole number from 1 to " + MAX);
  }

  public int fetchSize() {
    return limit + 1;
  }

  public <T> JsonObject toJson(List<T> fetched, Function<T, JsonObject> render) {
    JsonArrayBuilder data = JsonSupport.array();
    fetched.stream().limit(limit).map(render).forEach(data::add);
    return JsonSupport.object()
        .add("object", "list")
        .add("data", data)
        .add("has_more", fetched.size() > limit)
        .build();
  }
}
