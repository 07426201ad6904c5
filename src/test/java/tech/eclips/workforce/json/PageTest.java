package tech.eclips.workforce.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PageTest {

  /** Items 0..n-1, each with a text of the given length; read in order by index. */
  private static final class Source implements Page.Rows<Integer> {
    final List<JsonObject> items;
    final List<Integer> reads = new ArrayList<>();

    Source(int n, int textLength) {
      items =
          IntStream.range(0, n)
              .mapToObj(
                  i ->
                      JsonSupport.object().add("id", i).add("text", "x".repeat(textLength)).build())
              .toList();
    }

    @Override
    public List<Integer> after(Integer cursor, int max) {
      reads.add(max);
      int from = cursor == null ? 0 : cursor + 1;
      return IntStream.range(from, Math.min(items.size(), from + max)).boxed().toList();
    }

    JsonObject page(Page page, Integer startingAfter) {
      return page.toJson(startingAfter, this, items::get);
    }
  }

  private static List<Integer> ids(JsonObject page) {
    return page.getJsonArray("data").stream().map(v -> v.asJsonObject().getInt("id")).toList();
  }

  private static long bytes(JsonObject page) {
    return page.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void aPageHoldsAtMostLimitItemsAndSaysWhetherMoreFollow() {
    Source source = new Source(25, 10);
    JsonObject first = source.page(new Page(10, Page.MAX_BYTES), null);
    assertEquals(IntStream.range(0, 10).boxed().toList(), ids(first));
    assertTrue(first.getBoolean("has_more"));
    assertEquals("list", first.getString("object"));
    assertEquals(List.of(11), source.reads, "the default page costs one read");
    JsonObject last = source.page(new Page(100, Page.MAX_BYTES), 19);
    assertEquals(List.of(20, 21, 22, 23, 24), ids(last));
    assertFalse(last.getBoolean("has_more"));
  }

  @Test
  void aPageThatEndsExactlyWithTheRowsHasNoMore() {
    Source source = new Source(10, 10);
    assertFalse(source.page(new Page(10, Page.MAX_BYTES), null).getBoolean("has_more"));
    JsonObject all = source.page(new Page(100, Page.MAX_BYTES), null);
    assertEquals(10, ids(all).size());
    assertFalse(all.getBoolean("has_more"));
  }

  @Test
  void largePagesAreReadInBatchesNeverAllAtOnce() {
    Source source = new Source(150, 10);
    JsonObject page = source.page(new Page(100, Page.MAX_BYTES), null);
    assertEquals(100, ids(page).size());
    assertTrue(page.getBoolean("has_more"));
    assertTrue(source.reads.stream().allMatch(n -> n <= Page.BATCH), source.reads::toString);
  }

  @Test
  void thePageStopsBeforeTheItemThatWouldPassTheByteLimitAndTheCursorContinues() {
    Source source = new Source(10, 1_000);
    long budget = 3_500;
    JsonObject first = source.page(new Page(100, budget), null);
    assertEquals(List.of(0, 1, 2), ids(first));
    assertTrue(first.getBoolean("has_more"));
    assertTrue(bytes(first) <= budget, () -> bytes(first) + " bytes");
    List<Integer> seen = new ArrayList<>(ids(first));
    JsonObject page = first;
    while (page.getBoolean("has_more")) {
      page = source.page(new Page(100, budget), seen.get(seen.size() - 1));
      assertTrue(bytes(page) <= budget);
      seen.addAll(ids(page));
    }
    assertEquals(IntStream.range(0, 10).boxed().toList(), seen);
  }

  @Test
  void anItemThatFillsThePageExactlyIsIncluded() {
    Source source = new Source(3, 1_000);
    JsonObject two = source.page(new Page(100, Page.MAX_BYTES), null);
    // two items with has_more: true, plus the byte the budget keeps for the longer "false"
    long exact = bytes(source.page(new Page(2, Page.MAX_BYTES), null)) + 1;
    JsonObject page = source.page(new Page(100, exact), null);
    assertEquals(List.of(0, 1), ids(page));
    assertTrue(page.getBoolean("has_more"));
    assertEquals(3, ids(two).size());
    assertEquals(List.of(0), ids(source.page(new Page(100, exact - 1), null)));
  }

  @Test
  void oneItemIsAlwaysSentEvenIfLargerThanThePageSoPagingProgresses() {
    Source source = new Source(2, 5_000);
    JsonObject page = source.page(new Page(10, 1_000), null);
    assertEquals(List.of(0), ids(page));
    assertTrue(page.getBoolean("has_more"));
  }

  @Test
  void fourMebibytesHoldFourRunsOf900KibButNotFive() {
    Source source = new Source(6, 900 * 1024);
    JsonObject first = source.page(new Page(100, Page.MAX_BYTES), null);
    assertEquals(List.of(0, 1, 2, 3), ids(first));
    assertTrue(first.getBoolean("has_more"));
    assertTrue(bytes(first) <= Page.MAX_BYTES);
    JsonObject rest = source.page(new Page(100, Page.MAX_BYTES), 3);
    assertEquals(List.of(4, 5), ids(rest));
    assertFalse(rest.getBoolean("has_more"));
  }

  @Test
  void bytesAreCountedAsTheProviderWritesUtf8() {
    JsonObject json =
        JsonSupport.object()
            .add("ascii", "plain \"quoted\" \n")
            .add("latin", "Grüße")
            .add("cjk", "請求書")
            .add("emoji", "🧾")
            .add("control", "\u0001")
            .add("n", 12.5)
            .build();
    assertEquals(bytes(json), JsonBytes.of(json));
  }

  @Test
  void limitsOutsideOneToAHundredAreRefused() {
    assertEquals(Page.DEFAULT, Page.of(null).limit());
    assertEquals(100, Page.of("100").limit());
    for (String bad : List.of("0", "101", "abc", "-1")) {
      assertThrows(RuntimeException.class, () -> Page.of(bad), bad);
    }
  }

  @Test
  void aPageOfTextItemsIsTheSamePageWithTheSameByteBound() {
    Source source = new Source(30, 50_000);
    for (Page page : List.of(new Page(10, Page.MAX_BYTES), new Page(100, 300_000))) {
      for (Integer after : java.util.Arrays.asList(null, 3)) {
        JsonObject json = source.page(page, after);
        String text = page.toText(after, source, i -> source.items.get(i).toString());
        assertEquals(json.toString(), text);
        try (var reader = JsonSupport.reader(text)) {
          assertEquals(json, reader.readObject());
        }
        assertTrue(text.getBytes(StandardCharsets.UTF_8).length <= page.maxBytes());
      }
    }
  }
}
