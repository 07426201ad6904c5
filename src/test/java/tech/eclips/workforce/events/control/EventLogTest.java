package tech.eclips.workforce.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.json.JsonBytes;
import tech.eclips.workforce.json.JsonSupport;

/** An event's object is bounded by what its JSON-P provider would write (docs/api.md, Events). */
class EventLogTest {

  private static JsonObject parsed(String text) {
    try (var reader = JsonSupport.reader(text)) {
      return reader.readObject();
    }
  }

  private static JsonObject object(String text) {
    return JsonSupport.object()
        .add("id", "run_1")
        .add("object", "agent_run")
        .add("text", text)
        .build();
  }

  @Test
  void anObjectWithinTheBoundIsKeptWhole() {
    JsonObject small = object("a \"quoted\" line\nand ✓");
    assertEquals(small, parsed(EventLog.bounded(small)));
  }

  @Test
  void anObjectOverTheBoundIsReducedToItsIdAndType() {
    JsonObject big = object("x".repeat(EventLog.MAX_OBJECT_BYTES));
    JsonObject stored = parsed(EventLog.bounded(big));
    assertEquals("run_1", stored.getString("id"));
    assertEquals("agent_run", stored.getString("object"));
    assertTrue(stored.getBoolean("truncated"));
  }

  @Test
  void theBoundCountsUtf8BytesNotTheEscapesOfTheText() {
    // 5,000 × 'é': 10,000 bytes of UTF-8 (within the bound), 30,000 characters as escaped text
    JsonObject accented = object("é".repeat(5_000));
    assertTrue(JsonBytes.of(accented) <= EventLog.MAX_OBJECT_BYTES);
    assertEquals(accented, parsed(EventLog.bounded(accented)));
  }
}
