package tech.eclips.workforce.keys.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** What we store instead of a key: its SHA-256, and a hint a person can recognise it by. */
public final class KeyDigest {

  private static final int HINT_TAIL = 4;

  private KeyDigest() {}

  public static byte[] of(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** {@code eck_live_…a1B2}: the prefix and the last four characters. */
  public static String hint(String key) {
    return key.substring(0, 9) + "…" + key.substring(key.length() - HINT_TAIL);
  }
}
