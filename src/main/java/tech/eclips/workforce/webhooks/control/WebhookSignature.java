package tech.eclips.workforce.webhooks.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks symmetric signature (https://www.standardwebhooks.com, {@code spec/
 * standard-webhooks.md}): {@code v1,} and the base64 of HMAC-SHA256 over {@code
 * "<webhook-id>.<webhook-timestamp>.<body>"}, keyed with the secret's decoded bytes. During a
 * secret rotation the {@code webhook-signature} header carries one signature per secret, separated
 * by spaces, so a receiver holding either secret verifies the delivery. JDK crypto only.
 */
public final class WebhookSignature {

  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";
  static final String VERSION = "v1";

  private WebhookSignature() {}

  /** One {@code v1,…} per secret, current first, space-separated. */
  public static String header(
      String messageId, long timestampSeconds, byte[] body, List<SigningSecret> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one secret");
    }
    return secrets.stream()
        .map(s -> sign(messageId, timestampSeconds, body, s))
        .collect(Collectors.joining(" "));
  }

  public static String sign(
      String messageId, long timestampSeconds, byte[] body, SigningSecret secret) {
    return VERSION
        + ","
        + Base64.getEncoder().encodeToString(mac(messageId, timestampSeconds, body, secret));
  }

  /**
   * What a receiver does (docs/api.md shows the same): any {@code v1} signature in the header that
   * equals ours, compared in constant time. The caller also checks the timestamp's age.
   */
  public static boolean verifies(
      String messageId, long timestampSeconds, byte[] body, String header, SigningSecret secret) {
    byte[] expected = mac(messageId, timestampSeconds, body, secret);
    for (String signature : header.trim().split(" +")) {
      int comma = signature.indexOf(',');
      if (comma > 0 && signature.substring(0, comma).equals(VERSION)) {
        try {
          byte[] presented = Base64.getDecoder().decode(signature.substring(comma + 1));
          if (MessageDigest.isEqual(expected, presented)) {
            return true;
          }
        } catch (IllegalArgumentException notBase64) {
          // another signature in the list may still match
        }
      }
    }
    return false;
  }

  private static byte[] mac(
      String messageId, long timestampSeconds, byte[] body, SigningSecret secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.bytes(), "HmacSHA256"));
      mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
