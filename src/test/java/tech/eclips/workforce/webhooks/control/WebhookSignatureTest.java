package tech.eclips.workforce.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Against the Standard Webhooks project's published test vector (the libraries' tests in
 * standard-webhooks/standard-webhooks, e.g. the Java library's {@code verifyWebhookSignWorks}): a
 * receiver using any of that project's libraries verifies what this class signs.
 */
class WebhookSignatureTest {

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long TIMESTAMP = 1614265330;
  static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void signsThePublishedTestVector() {
    assertEquals(
        EXPECTED, WebhookSignature.sign(MESSAGE_ID, TIMESTAMP, BODY, SigningSecret.parse(SECRET)));
  }

  @Test
  void theSecretWithoutItsPrefixIsTheSameKey() {
    assertEquals(
        SigningSecret.parse(SECRET),
        SigningSecret.parse(SECRET.substring(SigningSecret.PREFIX.length())));
  }

  @Test
  void duringARotationTheHeaderCarriesOneSignaturePerSecretCurrentFirst() {
    SigningSecret previous = SigningSecret.parse(SECRET);
    SigningSecret current = SigningSecret.generate();
    String header =
        WebhookSignature.header(MESSAGE_ID, TIMESTAMP, BODY, List.of(current, previous));
    String[] signatures = header.split(" ");
    assertEquals(2, signatures.length);
    assertEquals(EXPECTED, signatures[1]);
    assertTrue(signatures[0].startsWith("v1,"));
    assertTrue(WebhookSignature.verifies(MESSAGE_ID, TIMESTAMP, BODY, header, previous));
    assertTrue(WebhookSignature.verifies(MESSAGE_ID, TIMESTAMP, BODY, header, current));
    assertFalse(
        WebhookSignature.verifies(MESSAGE_ID, TIMESTAMP, BODY, header, SigningSecret.generate()));
  }

  @Test
  void anyChangeToIdTimestampOrBodyBreaksTheSignature() {
    SigningSecret secret = SigningSecret.parse(SECRET);
    assertTrue(WebhookSignature.verifies(MESSAGE_ID, TIMESTAMP, BODY, EXPECTED, secret));
    assertFalse(WebhookSignature.verifies("msg_other", TIMESTAMP, BODY, EXPECTED, secret));
    assertFalse(WebhookSignature.verifies(MESSAGE_ID, TIMESTAMP + 1, BODY, EXPECTED, secret));
    assertFalse(
        WebhookSignature.verifies(
            MESSAGE_ID, TIMESTAMP, "{\"test\": 2432232315}".getBytes(), EXPECTED, secret));
  }

  @Test
  void otherVersionsAndJunkInTheHeaderAreIgnoredNotTrusted() {
    SigningSecret secret = SigningSecret.parse(SECRET);
    String sameMacOtherVersion = EXPECTED.replace("v1,", "v2,");
    assertFalse(
        WebhookSignature.verifies(MESSAGE_ID, TIMESTAMP, BODY, sameMacOtherVersion, secret));
    assertTrue(
        WebhookSignature.verifies(
            MESSAGE_ID, TIMESTAMP, BODY, "v1,!!notbase64 v1a,x " + EXPECTED, secret));
  }

  @Test
  void newSecretsAreWhsecAndThirtyTwoRandomBytes() {
    SigningSecret secret = SigningSecret.generate();
    assertTrue(secret.text().matches("whsec_[A-Za-z0-9+/]{43}="), secret.text());
    assertEquals(32, secret.bytes().length);
    assertEquals(secret, SigningSecret.parse(secret.text()));
    assertFalse(secret.toString().contains(secret.text().substring(6, 20)));
  }

  @Test
  void secretsOutsideTheSpecificationsBoundsAreRefused() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> SigningSecret.ofBytes(new byte[23]));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> SigningSecret.ofBytes(new byte[65]));
    assertEquals(24, SigningSecret.ofBytes(new byte[24]).bytes().length);
    assertEquals(64, SigningSecret.ofBytes(new byte[64]).bytes().length);
  }
}
