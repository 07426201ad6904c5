package tech.eclips.workforce.documents.control;

/**
 * Well-formed UTF-8 (Unicode Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF)
 * without NUL, checked a byte at a time so that a file can arrive in pieces split anywhere.
 */
final class Utf8Check {

  private int continuations;
  private int lower = 0x80;
  private int upper = 0xbf;
  private boolean valid = true;

  /** False once the bytes so far cannot be the start of valid text. */
  boolean update(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length && valid; i++) {
      valid = accept(bytes[i] & 0xff);
    }
    return valid;
  }

  /** The bytes seen are valid text and do not end inside a character. */
  boolean complete() {
    return valid && continuations == 0;
  }

  private boolean accept(int b) {
    if (continuations > 0) {
      if (b < lower || b > upper) {
        return false;
      }
      lower = 0x80;
      upper = 0xbf;
      continuations--;
      return true;
    }
    if (b < 0x80) {
      return b != 0;
    }
    if (b >= 0xc2 && b <= 0xdf) {
      continuations = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      continuations = 2;
      lower = b == 0xe0 ? 0xa0 : 0x80;
      upper = b == 0xed ? 0x9f : 0xbf;
    } else if (b >= 0xf0 && b <= 0xf4) {
      continuations = 3;
      lower = b == 0xf0 ? 0x90 : 0x80;
      upper = b == 0xf4 ? 0x8f : 0xbf;
    } else {
      return false;
    }
    return true;
  }
}
