package tech.eclips.workforce.keys.control;

/**
 * A freshly minted key, the only object that ever holds the plaintext. {@link #toString()} shows
 * the hint, so an accidental log line cannot leak it.
 */
public record MintedKey(String plaintext, byte[] digest, String hint) {

  @Override
  public String toString() {
    return hint;
  }
}
