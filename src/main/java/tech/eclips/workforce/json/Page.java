package tech.eclips.workforce.json;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import tech.eclips.workforce.problems.control.Problems;

/**
 * Cursor pagination (CONTRACT §10): {@code limit} (1..100, default 10) and {@code starting_after}
 * (an id from the previous page); a page holds at most {@code limit} items and at most {@link
 * #MAX_BYTES} of serialised JSON. Items are read a few rows at a time and rendered one by one, so
 * neither the rows nor the page are ever held beyond what is sent.
 *
 * @param limit the most items to send
 * @param maxBytes the most bytes the serialised page may take (one item is always sent, so that
 *     paging makes progress)
 */
public record Page(int limit, long maxBytes) {

  public static final int DEFAULT = 10;
  public static final int MAX = 100;
  public static final long MAX_BYTES = 4L << 20;

  /**
   * Rows read per query. The default page (10 items and the one that tells {@code has_more}) costs
   * one query; a large page of large rows never holds more than this many unsent rows.
   */
  static final int BATCH = DEFAULT + 1;

  private static final long ENVELOPE = JsonBytes.of(list(JsonSupport.array(), false));

  /** The rows after a cursor (after the newest when {@code null}), in page order, at most max. */
  @FunctionalInterface
  public interface Rows<T> {
    List<T> after(T cursor, int max);
  }

  public static Page of(String limitParameter) {
    if (limitParameter == null || limitParameter.isBlank()) {
      return new Page(DEFAULT, MAX_BYTES);
    }
    try {
      int limit = Integer.parseInt(limitParameter.strip());
      if (limit >= 1 && limit <= MAX) {
        return new Page(limit, MAX_BYTES);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Problems.invalidRequest("limit", "must be a whole number from 1 to " + MAX);
  }

  /**
   * {@code {object: "list", data, has_more}}: the rows after {@code startingAfter} until the page
   * is full by count or the next item would take it past {@link #maxBytes}.
   */
  public <T> JsonObject toJson(T startingAfter, Rows<T> rows, Function<T, JsonObject> render) {
    JsonArrayBuilder data = JsonSupport.array();
    boolean hasMore =
        fill(startingAfter, rows, render, (JsonObject item) -> JsonBytes.of(item), data::add);
    return list(data, hasMore);
  }

  /**
   * The same page written as text, for items rendered as JSON text (stored JSON spliced in rather
   * than parsed into a tree for each read).
   */
  public <T> String toText(T startingAfter, Rows<T> rows, Function<T, String> render) {
    StringBuilder data = new StringBuilder();
    boolean hasMore =
        fill(
            startingAfter,
            rows,
            render,
            (String item) -> JsonBytes.of(item),
            item -> data.append(data.isEmpty() ? "" : ",").append(item));
    return "{\"object\":\"list\",\"data\":[" + data + "],\"has_more\":" + hasMore + "}";
  }

  /** Adds rendered items while they fit; true when rows were left out (the page has more). */
  private <T, I> boolean fill(
      T startingAfter,
      Rows<T> rows,
      Function<T, I> render,
      ToLongFunction<I> bytesOf,
      Consumer<I> add) {
    int items = 0;
    long bytes = ENVELOPE; // the same for both: {"object":"list","data":[],"has_more":false}
    T cursor = startingAfter;
    while (true) {
      int wanted = Math.min(limit - items + 1, BATCH);
      List<T> batch = rows.after(cursor, wanted);
      for (T row : batch) {
        if (items == limit) {
          return true;
        }
        I item = render.apply(row);
        long size = bytesOf.applyAsLong(item) + (items == 0 ? 0 : 1); // the comma before it
        if (items > 0 && bytes + size > maxBytes) {
          return true;
        }
        add.accept(item);
        items++;
        bytes += size;
        cursor = row;
      }
      if (batch.size() < wanted) {
        return false;
      }
    }
  }

  private static JsonObject list(JsonArrayBuilder data, boolean hasMore) {
    return JsonSupport.object()
        .add("object", "list")
        .add("data", data)
        .add("has_more", hasMore)
        .build();
  }
}
