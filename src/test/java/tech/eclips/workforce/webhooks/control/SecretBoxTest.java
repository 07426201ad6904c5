package tech.eclips.workforce.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.problems.control.ApiProblem;

class SecretBoxTest {

  private final byte[] key = new byte[32];
  private final UUID org = UUID.randomUUID();
  private final UUID endpoint = UUID.randomUUID();

  SecretBoxTest() {
    new java.security.SecureRandom().nextBytes(key);
  }

  @Test
  void aSealedSecretOpensToItselfAndHoldsNoPlainBytes() {
    SecretBox box = new SecretBox(key);
    SigningSecret secret = SigningSecret.generate();
    byte[] sealed = box.seal(secret, org, endpoint);
    assertEquals(1 + 12 + 32 + 16, sealed.length);
    assertEquals(secret, box.open(sealed, org, endpoint));
    assertFalse(contains(sealed, secret.bytes()));
    assertNotEquals(
        Arrays.toString(sealed), Arrays.toString(box.seal(secret, org, endpoint)), "fresh nonce");
  }

  @Test
  void aSealedSecretOpensOnlyForItsOwnOrgAndEndpointAndOnlyUntouched() {
    SecretBox box = new SecretBox(key);
    byte[] sealed = box.seal(SigningSecret.generate(), org, endpoint);
    assertThrows(IllegalStateException.class, () -> box.open(sealed, org, UUID.randomUUID()));
    assertThrows(IllegalStateException.class, () -> box.open(sealed, UUID.randomUUID(), endpoint));
    byte[] tampered = sealed.clone();
    tampered[20] ^= 1;
    assertThrows(IllegalStateException.class, () -> box.open(tampered, org, endpoint));
    byte[] otherKey = key.clone();
    otherKey[0] ^= 1;
    assertThrows(
        IllegalStateException.class, () -> new SecretBox(otherKey).open(sealed, org, endpoint));
  }

  @Test
  void withoutAKeyNothingIsSealed() {
    ApiProblem refused =
        assertThrows(
            ApiProblem.class, () -> new SecretBox().seal(SigningSecret.generate(), org, endpoint));
    assertEquals("webhooks_not_configured", refused.code());
    assertEquals(503, refused.status());
  }

  @Test
  void productionRefusesTheDevOnlyKeyAndAnyMalformedKey() {
    assertTrue(WebhookKeyRefusal.refuses(false, Optional.of(SecretBox.DEV_ONLY_KEY)));
    assertFalse(WebhookKeyRefusal.refuses(true, Optional.of(SecretBox.DEV_ONLY_KEY)));
    String own = Base64.getEncoder().encodeToString(key);
    assertFalse(WebhookKeyRefusal.refuses(false, Optional.of(own)));
    assertFalse(WebhookKeyRefusal.refuses(false, Optional.empty()));
    assertEquals(
        "DEV-ONLY webhook key, never prod",
        new String(SecretBox.decodeKey(SecretBox.DEV_ONLY_KEY), StandardCharsets.US_ASCII));
    IllegalStateException shortKey =
        assertThrows(IllegalStateException.class, () -> SecretBox.decodeKey("c2hvcnQ="));
    assertFalse(shortKey.getMessage().contains("c2hvcnQ"), "never the value");
    assertThrows(IllegalStateException.class, () -> SecretBox.decodeKey("not base64!"));
    assertArrayEquals(key, SecretBox.decodeKey(own));
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }
}
