package tech.eclips.workforce.limits.control;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Is this text valid UTF-8 without NUL? PostgreSQL refuses 0x00 in text (a 500 if it gets that
 * far), and text that is not UTF-8 would be stored as replacement characters nobody sent.
 */
public final class Utf8Text {

  private Utf8Text() {}

  /** Strict UTF-8 (no overlongs, no surrogates) and no NUL byte. */
  public static boolean valid(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] == 0) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** A decoded string: no NUL and no lone surrogate (which UTF-8 cannot encode). */
  public static boolean valid(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A raw (still percent-encoded) query string: every escape well formed, and what the escapes
   * decode to valid UTF-8 without NUL.
   */
  public static boolean validQuery(String rawQuery) {
    byte[] decoded = new byte[rawQuery.length()];
    int length = 0;
    for (int i = 0; i < rawQuery.length(); i++) {
      char c = rawQuery.charAt(i);
      if (c == '%') {
        if (i + 2 >= rawQuery.length()) {
          return false;
        }
        int high = Character.digit(rawQuery.charAt(i + 1), 16);
        int low = Character.digit(rawQuery.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return false;
        }
        decoded[length++] = (byte) (high << 4 | low);
        i += 2;
      } else if (c > 0x7f) {
        return false; // RFC 3986: a URI is ASCII; anything else must be percent-encoded
      } else {
        decoded[length++] = (byte) c;
      }
    }
    return valid(decoded, length);
  }
}
