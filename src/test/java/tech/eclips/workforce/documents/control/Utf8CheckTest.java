package tech.eclips.workforce.documents.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8CheckTest {

  @Test
  void acceptsTextSplitAnywhere() {
    byte[] text = "grüße ✓ 📄 done".getBytes(StandardCharsets.UTF_8);
    for (int split = 0; split <= text.length; split++) {
      Utf8Check check = new Utf8Check();
      assertTrue(check.update(text, 0, split));
      assertTrue(check.update(text, split, text.length - split));
      assertTrue(check.complete(), "split at " + split);
    }
  }

  @Test
  void refusesNulOverlongFormsSurrogatesAndStrayBytes() {
    for (int[] bad :
        new int[][] {
          {'a', 0x00},
          {0xc0, 0xaf},
          {0xe0, 0x80, 0xaf},
          {0xed, 0xa0, 0x80},
          {0xf4, 0x90, 0x80, 0x80},
          {0xf5, 0x80, 0x80, 0x80},
          {0x80},
          {0xc3, 'a'},
          {0xff}
        }) {
      byte[] bytes = new byte[bad.length];
      for (int i = 0; i < bad.length; i++) {
        bytes[i] = (byte) bad[i];
      }
      assertFalse(
          new Utf8Check().update(bytes, 0, bytes.length), () -> java.util.Arrays.toString(bad));
    }
  }

  @Test
  void aCharacterCutOffAtTheEndIsIncomplete() {
    Utf8Check check = new Utf8Check();
    assertTrue(check.update(new byte[] {'a', (byte) 0xe2, (byte) 0x9c}, 0, 3));
    assertFalse(check.complete());
  }
}
