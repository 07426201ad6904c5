package tech.eclips.workforce.identity.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DevKeyRefusalTest {

  @Test
  void recognisesTheCommittedDevKey() throws Exception {
    String pem = Files.readString(Path.of("src/tools/resources/dev-jwt/DEV-ONLY-public-key.pem"));
    assertTrue(
        DevKeyRefusal.isDevKey(pem),
        "the fingerprint constant no longer matches the committed dev key");
  }

  @Test
  void theDevKeyIsRefusedOutsideDevModeOnly() throws Exception {
    Optional<String> devKey =
        Optional.of(
            Files.readString(Path.of("src/tools/resources/dev-jwt/DEV-ONLY-public-key.pem")));
    assertTrue(DevKeyRefusal.refuses(false, devKey));
    assertFalse(DevKeyRefusal.refuses(true, devKey));
    assertFalse(DevKeyRefusal.refuses(false, Optional.empty()));
  }

  @Test
  void anyOtherKeyIsNotTheDevKey() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String other =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    assertFalse(DevKeyRefusal.isDevKey(other));
    assertFalse(DevKeyRefusal.isDevKey("not a pem"));
  }
}
