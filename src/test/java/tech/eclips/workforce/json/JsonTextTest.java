package tech.eclips.workforce.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void whatItWritesParsesBackToTheSameStrings() {
    String nasty = "quote \" backslash \\ newline \n tab \t nul \u0000 unicode é ✓ \u2028";
    StringBuilder json = new StringBuilder("{");
    JsonText.field(json, "text", nasty).append(',');
    JsonText.field(json, "none", (String) null).append(',');
    JsonText.field(json, "n", 42).append('}');
    var parsed = Json.createReader(new StringReader(json.toString())).readObject();
    assertEquals(nasty, parsed.getString("text"));
    assertEquals(true, parsed.isNull("none"));
    assertEquals(42, parsed.getInt("n"));
  }
}
