package tech.eclips.workforce.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void whatItWritesParsesBackToTheSameStrings() {
    String nasty =
        "quote \" backslash \\ newline \n tab \t nul \u0000 unicode é ✓ \u2028 del \u007f"
            + " emoji \uD83D\uDE00 hint eck_live_\u2026a1B2";
    StringBuilder json = new StringBuilder("{");
    JsonText.field(json, "text", nasty).append(',');
    JsonText.field(json, "none", (String) null).append(',');
    JsonText.field(json, "yes", true).append(',');
    JsonText.field(json, "n", 42).append('}');
    var parsed = Json.createReader(new StringReader(json.toString())).readObject();
    assertEquals(nasty, parsed.getString("text"));
    assertEquals(true, parsed.isNull("none"));
    assertEquals(true, parsed.getBoolean("yes"));
    assertEquals(42, parsed.getInt("n"));
  }

  @Test
  void theTextIsAsciiWhateverTheStringsHold() {
    String text = JsonText.quote(new StringBuilder(), "é ✓ \u2026 \uD83D\uDE00").toString();
    assertTrue(text.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), text);
    assertEquals("\"\\u00e9 \\u2713 \\u2026 \\ud83d\\ude00\"", text);
  }

  @Test
  void aLoneSurrogateBecomesTheReplacementCharacter() {
    // no UTF-8 text holds one, and PostgreSQL's jsonb refuses its escape
    String text = JsonText.quote(new StringBuilder(), "a\uD800b\uDC00").toString();
    assertEquals("\"a\\ufffdb\\ufffd\"", text);
  }

  @Test
  void aValueIsWrittenAsItsProviderWouldReadItBack() {
    String source =
        "{\"n\":1,\"d\":19.99,\"big\":123456789012345678901234567890,\"e\":1.5E+3,"
            + "\"neg\":-0.2,\"t\":true,\"f\":false,\"z\":null,\"s\":\"a \\\"q\\\" ✓\","
            + "\"a\":[[],{},[1,\"x\",{\"k\":[null]}]],\"o\":{\"é\":{}}}";
    var value = Json.createReader(new StringReader(source)).readObject();
    String text = JsonText.of(value);
    assertEquals(value, Json.createReader(new StringReader(text)).readObject());
    assertTrue(
        text.startsWith("{\"n\":1,\"d\":19.99,\"big\":123456789012345678901234567890,"), text);
  }
}
