package tech.eclips.workforce.limits.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8TextTest {

  @Test
  void acceptsUtf8TextOfAnyScript() {
    byte[] text = "Grüße, 東京, 🙂".getBytes(StandardCharsets.UTF_8);
    assertTrue(Utf8Text.valid(text, text.length));
    assertTrue(Utf8Text.valid("Grüße, 東京, 🙂"));
  }

  @Test
  void refusesNulAndMalformedBytes() {
    assertFalse(Utf8Text.valid(new byte[] {'a', 0, 'b'}, 3));
    assertFalse(Utf8Text.valid(new byte[] {(byte) 0xC3, 0x28}, 2), "bad continuation");
    assertFalse(Utf8Text.valid(new byte[] {(byte) 0xC0, (byte) 0xAF}, 2), "overlong");
    assertFalse(Utf8Text.valid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 3), "surrogate");
    assertFalse(Utf8Text.valid(new byte[] {(byte) 0xE2, (byte) 0x82}, 2), "truncated");
  }

  @Test
  void onlyTheGivenLengthCounts() {
    assertTrue(Utf8Text.valid(new byte[] {'o', 'k', 0}, 2));
  }

  @Test
  void refusesNulAndLoneSurrogatesInStrings() {
    assertFalse(Utf8Text.valid("a\u0000b"));
    assertFalse(Utf8Text.valid("\ud800"));
    assertFalse(Utf8Text.valid("x\udc00y"));
    assertFalse(Utf8Text.valid("\ud83d"));
  }

  @Test
  void judgesQueriesByWhatTheirEscapesDecodeTo() {
    assertTrue(Utf8Text.validQuery("action=api_key.created&limit=10"));
    assertTrue(Utf8Text.validQuery("q=Gr%C3%BC%C3%9Fe+x"));
    assertFalse(Utf8Text.validQuery("action=%00"));
    assertFalse(Utf8Text.validQuery("action=%C3%28"));
    assertFalse(Utf8Text.validQuery("action=%zz"));
    assertFalse(Utf8Text.validQuery("action=%4"));
    assertFalse(Utf8Text.validQuery("action=grüße"));
  }
}
