package tech.eclips.workforce.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  /** The same key as a JWK, alone or in a set beside another key, whatever the text around it. */
  @Test
  void recognisesTheDevKeyAsAJwkOrInAJwkSet() throws Exception {
    String devJwk = jwk(devKey(), "any-kid");
    String otherJwk = jwk((RSAPublicKey) otherKey(), "other");
    assertTrue(DevKeyRefusal.isDevKey(devJwk));
    assertTrue(DevKeyRefusal.isDevKey("{\"keys\":[" + otherJwk + ",\n  " + devJwk + "]}"));
    assertTrue(DevKeyRefusal.refuses(false, Optional.of("{\"keys\":[" + devJwk + "]}")));
    assertFalse(DevKeyRefusal.refuses(true, Optional.of("{\"keys\":[" + devJwk + "]}")));
    assertFalse(DevKeyRefusal.isDevKey("{\"keys\":[" + otherJwk + "]}"));
  }

  @Test
  void aJwkSetFileIsReadAndRecognised(@TempDir Path folder) throws Exception {
    Path jwks = folder.resolve("jwks.json");
    Files.writeString(jwks, "{\"keys\":[" + jwk(devKey(), "k1") + "]}");
    Optional<String> read = VerificationKeys.localText("file:" + jwks);
    assertTrue(DevKeyRefusal.refuses(false, read));
    assertEquals(Optional.empty(), VerificationKeys.localText("https://idp.example/jwks"));
  }

  /** A URL cannot be checked at start: the keys it serves are filtered at every load instead. */
  @Test
  void outsideDevModeTheDevKeyIsDroppedFromWhateverSetIsLoaded() throws Exception {
    String devJwk = jwk(devKey(), "dev");
    String otherJwk = jwk((RSAPublicKey) otherKey(), "other");
    TokenSettings settings =
        new TokenSettings(
            "idp",
            Set.of("app"),
            Optional.of("{\"keys\":[" + devJwk + "," + otherJwk + "]}"),
            Optional.empty());
    VerificationKeys production = new VerificationKeys(settings);
    assertFalse(found(production, "dev"));
    assertTrue(found(production, "other"));
    VerificationKeys dev =
        new VerificationKeys(settings, Duration.ofSeconds(30), System::nanoTime, true);
    assertTrue(found(dev, "dev"));
  }

  private static RSAPublicKey devKey() throws Exception {
    String pem = Files.readString(Path.of("src/tools/resources/dev-jwt/DEV-ONLY-public-key.pem"));
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
  }

  private static PublicKey otherKey() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    return rsa.generateKeyPair().getPublic();
  }

  private static String jwk(RSAPublicKey key, String kid) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    return "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\""
        + kid
        + "\",\"e\":\""
        + url.encodeToString(unsigned(key.getPublicExponent()))
        + "\",\"n\":\""
        + url.encodeToString(unsigned(key.getModulus()))
        + "\"}";
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  /** Does a token naming this key id find a key (as Nimbus's RS256 key selector asks)? */
  private static boolean found(VerificationKeys keys, String kid) {
    JWKMatcher matcher =
        new JWKMatcher.Builder()
            .keyType(KeyType.RSA)
            .keyID(kid)
            .keyUses(KeyUse.SIGNATURE, null)
            .build();
    return !keys.get(new JWKSelector(matcher), null).isEmpty();
  }
}
