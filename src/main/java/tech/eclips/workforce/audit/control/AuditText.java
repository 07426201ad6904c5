package tech.eclips.workforce.audit.control;

/**
 * Makes a value an audit entry can hold. Entries reach PostgreSQL as jsonb, which refuses the
 * escape of U+0000 ("unsupported Unicode escape sequence"), and as UTF-8, which has no encoding for
 * an unpaired surrogate (the driver would send '?' and the chain hash would no longer match). One
 * such value, say a path id decoded to a NUL, would fail its whole batch on every retry, so it is
 * replaced by U+FFFD here, where every entry is made. Stored entries never hold either character,
 * so rebuilding one from the table leaves it unchanged.
 */
final class AuditText {

  static final char REPLACEMENT = '\uFFFD';

  private AuditText() {}

  static String storable(String value) {
    if (value == null || clean(value)) {
      return value;
    }
    StringBuilder text = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\0') {
        text.append(REPLACEMENT);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        text.append(c).append(value.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        text.append(REPLACEMENT);
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }

  /**
   * At most {@code max} characters, never cutting a surrogate pair: for values a client chooses.
   */
  static String bounded(String value, int max) {
    if (value == null || value.length() <= max) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
    return value.substring(0, end);
  }

  private static boolean clean(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\0' || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
