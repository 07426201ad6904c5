package tech.eclips.workforce.keys.control;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import tech.eclips.workforce.keys.entity.KeyMode;

/**
 * The shape of an API key: {@code eck_live_} or {@code eck_test_}, random base62, then a
 * 6-character base62 CRC32 of everything before it. The checksum lets us reject typos and garbage
 * without touching the database; it is no secret and proves nothing about authenticity.
 */
public final class KeyFormat {

  static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  public static final int RANDOM_LENGTH = 40;
  static final int CHECKSUM_LENGTH = 6;
  private static final int MAX_LENGTH = 128;
  private static final Pattern SHAPE = Pattern.compile("eck_(live|test)_[0-9A-Za-z]{38,}");

  private KeyFormat() {}

  /** The key's mode if it is well formed and its checksum matches; empty otherwise. */
  public static Optional<KeyMode> check(String presented) {
    if (presented == null
        || presented.length() > MAX_LENGTH
        || !SHAPE.matcher(presented).matches()) {
      return Optional.empty();
    }
    int split = presented.length() - CHECKSUM_LENGTH;
    if (!checksum(presented.substring(0, split)).equals(presented.substring(split))) {
      return Optional.empty();
    }
    return KeyMode.fromCode(presented.substring(4, 8));
  }

  static String checksum(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.US_ASCII));
    return base62(crc.getValue(), CHECKSUM_LENGTH);
  }

  static String base62(long value, int width) {
    char[] digits = new char[width];
    long rest = value;
    for (int i = width - 1; i >= 0; i--) {
      digits[i] = BASE62.charAt((int) (rest % 62));
      rest /= 62;
    }
    return new String(digits);
  }
}
