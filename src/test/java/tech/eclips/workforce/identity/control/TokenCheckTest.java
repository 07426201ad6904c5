package tech.eclips.workforce.identity.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every way a token can be wrong is refused; only a token Liberty would accept passes. */
class TokenCheckTest {

  private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
  private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}";
  private static final KeyPair IDP = rsa();
  private static final KeyPair STRANGER = rsa();

  private final TokenCheck check = checkWith(pem(IDP));

  @Test
  void aValidTokenPasses() {
    assertTrue(check.accepts(sign(HEADER, claims(""), IDP)));
    assertTrue(
        check.accepts(
            sign(HEADER, claims("").replace("\"aud\":\"app\"", "\"aud\":[\"x\",\"app\"]"), IDP)));
  }

  @Test
  void aWrongSignatureOrAlgorithmIsRefused() {
    String valid = sign(HEADER, claims(""), IDP);
    assertFalse(check.accepts(valid.substring(0, valid.length() - 4) + "AAAA"));
    assertFalse(check.accepts(sign(HEADER, claims(""), STRANGER)));
    String unsigned = b64("{\"alg\":\"none\"}") + "." + b64(claims("")) + ".";
    assertFalse(check.accepts(unsigned));
    assertFalse(check.accepts(sign("{\"alg\":\"HS256\"}", claims(""), IDP)));
    assertFalse(check.accepts(sign("{\"alg\":\"RS256\",\"crit\":[\"x\"]}", claims(""), IDP)));
  }

  @Test
  void wrongIssuerAudienceOrSubjectIsRefused() {
    assertFalse(check.accepts(sign(HEADER, claims("").replace("\"idp\"", "\"evil\""), IDP)));
    assertFalse(check.accepts(sign(HEADER, claims("").replace("\"app\"", "\"other\""), IDP)));
    assertFalse(check.accepts(sign(HEADER, claims("").replace(",\"aud\":\"app\"", ""), IDP)));
    assertFalse(check.accepts(sign(HEADER, claims("").replace("\"sub\":\"u\",", ""), IDP)));
    assertFalse(
        check.accepts(
            sign(
                HEADER,
                claims(",\"groups\":[1]").replace("\"sub\":\"u\",", "\"sub\":\"u\","),
                IDP)));
  }

  @Test
  void timesAreCheckedStricterThanLiberty() {
    long now = NOW.getEpochSecond();
    assertFalse(check.accepts(sign(HEADER, claims("").replace("" + (now + 600), "" + now), IDP)));
    assertFalse(
        check.accepts(sign(HEADER, claims("").replace(",\"exp\":" + (now + 600), ""), IDP)));
    assertFalse(check.accepts(sign(HEADER, claims(",\"nbf\":" + (now + 1)), IDP)));
    assertTrue(check.accepts(sign(HEADER, claims(",\"nbf\":" + now), IDP)));
    assertFalse(
        check.accepts(
            sign(HEADER, claims("").replace("\"iat\":" + now, "\"iat\":" + (now + 21)), IDP)));
    assertTrue(
        check.accepts(
            sign(HEADER, claims("").replace("\"iat\":" + now, "\"iat\":" + (now + 20)), IDP)));
  }

  @Test
  void garbageIsRefused() {
    for (String garbage :
        new String[] {
          null, "", "abc", "a.b", "a.b.c.d", "eyJ.eyJ.x", "é.é.é", "x".repeat(20_000)
        }) {
      assertFalse(check.accepts(garbage), String.valueOf(garbage));
    }
  }

  @Test
  void aJwkSetPicksTheTokensKeyId() {
    RSAPublicKey key = (RSAPublicKey) IDP.getPublic();
    String jwks =
        "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"n\":\""
            + unsigned(key.getModulus())
            + "\",\"e\":\""
            + unsigned(key.getPublicExponent())
            + "\"}]}";
    TokenCheck withJwks = checkWith(jwks);
    assertTrue(withJwks.accepts(sign(HEADER, claims(""), IDP)));
    assertFalse(withJwks.accepts(sign(HEADER.replace("k1", "k2"), claims(""), IDP)));
  }

  @Test
  void noKeyRefusesEverything() {
    assertFalse(checkWith("not a key").accepts(sign(HEADER, claims(""), IDP)));
  }

  private static TokenCheck checkWith(String keyText) {
    TokenSettings settings =
        new TokenSettings("idp", Set.of("app"), Optional.of(keyText), Optional.empty());
    return new TokenCheck(
        settings, new VerificationKeys(settings), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static String claims(String extra) {
    long now = NOW.getEpochSecond();
    return "{\"iss\":\"idp\",\"sub\":\"u\",\"aud\":\"app\",\"iat\":"
        + now
        + ",\"exp\":"
        + (now + 600)
        + extra
        + "}";
  }

  private static String sign(String header, String claims, KeyPair pair) {
    try {
      String input = b64(header) + "." + b64(claims);
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(pair.getPrivate());
      rsa.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int skip = bytes[0] == 0 ? 1 : 0;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(java.util.Arrays.copyOfRange(bytes, skip, bytes.length));
  }

  private static String pem(KeyPair pair) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
