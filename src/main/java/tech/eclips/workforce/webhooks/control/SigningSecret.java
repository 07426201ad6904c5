package tech.eclips.workforce.webhooks.control;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A Standard Webhooks symmetric signing secret: {@code whsec_} and the base64 of 24 to 64 random
 * bytes (the specification's bounds). The HMAC key is the decoded bytes, not the text.
 */
public final class SigningSecret {

  public static final String PREFIX = "whsec_";
  static final int MIN_BYTES = 24;
  static final int MAX_BYTES = 64;

  /** 256 bits, the size of the HMAC-SHA256 block's natural key. */
  static final int NEW_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private SigningSecret(byte[] key) {
    if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
      throw new IllegalArgumentException("a signing secret has 24 to 64 bytes");
    }
    this.key = key.clone();
  }

  public static SigningSecret generate() {
    byte[] key = new byte[NEW_BYTES];
    RANDOM.nextBytes(key);
    return new SigningSecret(key);
  }

  public static SigningSecret ofBytes(byte[] key) {
    return new SigningSecret(key);
  }

  /** {@code whsec_…}, or the bare base64 as some receivers' libraries also accept. */
  public static SigningSecret parse(String text) {
    String base64 = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
    return new SigningSecret(Base64.getDecoder().decode(base64));
  }

  public byte[] bytes() {
    return key.clone();
  }

  /** The text shown once, on create and rotate. */
  public String text() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SigningSecret that && Arrays.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  /** Never the secret itself: this object may end up in a log line. */
  @Override
  public String toString() {
    return "SigningSecret[redacted]";
  }
}
