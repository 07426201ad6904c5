package tech.eclips.workforce.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Mints console and platform JWTs with the DEV-ONLY key, for local runs and tests. The server
 * accepts them only in dev mode. Usage:
 *
 * <pre>java -cp target/test-classes tech.eclips.workforce.tools.DevTokens platform_admin
 * java -cp target/test-classes tech.eclips.workforce.tools.DevTokens org_admin &lt;org-id&gt; [subject]
 * </pre>
 */
public final class DevTokens {

  public static final String ISSUER = "eclips-dev";
  public static final String AUDIENCE = "eclips-workforce";
  public static final Path KEY_DIRECTORY = Path.of("src/tools/resources/dev-jwt");
  private static final Duration LIFETIME = Duration.ofHours(8);

  private DevTokens() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println(
          "usage: DevTokens <platform_admin|org_admin|org_member> [org-id] [subject]");
      System.exit(2);
    }
    String group = args[0];
    String org = args.length > 1 ? args[1] : null;
    String subject = args.length > 2 ? args[2] : group.replace('_', '-') + "@dev.eclips.local";
    System.out.println(mint(subject, List.of(group), org, Instant.now().plus(LIFETIME)));
  }

  public static Path publicKey() {
    return KEY_DIRECTORY.resolve("DEV-ONLY-public-key.pem").toAbsolutePath();
  }

  /** A token for {@code subject} in {@code groups}; {@code org} may be null (platform tokens). */
  public static String mint(String subject, List<String> groups, String org, Instant expires) {
    return mint(ISSUER, AUDIENCE, subject, groups, org, expires);
  }

  /** As above with another issuer or audience: tokens the server must refuse (tests). */
  public static String mint(
      String issuer,
      String audience,
      String subject,
      List<String> groups,
      String org,
      Instant expires) {
    try {
      return mint(privateKey(), issuer, audience, subject, groups, org, expires);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Signed with another key: the stand-in for a production identity provider (the package's install
   * test), whose public key the server is given instead of the DEV-ONLY one.
   */
  public static String mint(
      PrivateKey key,
      String issuer,
      String audience,
      String subject,
      List<String> groups,
      String org,
      Instant expires) {
    Instant now = Instant.now();
    String claims =
        "{\"iss\":"
            + quote(issuer)
            + ",\"aud\":"
            + quote(audience)
            + ",\"sub\":"
            + quote(subject)
            + ",\"upn\":"
            + quote(subject)
            + ",\"groups\":["
            + groups.stream().map(DevTokens::quote).collect(Collectors.joining(","))
            + "]"
            + (org == null ? "" : ",\"org_id\":" + quote(org))
            + ",\"iat\":"
            + now.getEpochSecond()
            + ",\"exp\":"
            + expires.getEpochSecond()
            + ",\"jti\":"
            + quote(UUID.randomUUID().toString())
            + "}";
    String signingInput =
        base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"eclips-dev\"}")
            + "."
            + base64Url(claims);
    return signingInput + "." + sign(signingInput, key);
  }

  private static String sign(String input, PrivateKey key) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(input.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PrivateKey privateKey() throws GeneralSecurityException {
    try {
      String pem = Files.readString(KEY_DIRECTORY.resolve("DEV-ONLY-signing-key.pem"));
      byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IOException e) {
      throw new UncheckedIOException("run from the project directory", e);
    }
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The MP Config a server needs to accept these tokens (dev mode only). */
  public static Map<String, String> serverVariables() {
    return Map.of(
        "eclips.mode",
        "dev",
        "mp.jwt.verify.publickey.location",
        publicKey().toString(),
        "mp.jwt.verify.issuer",
        ISSUER,
        "mp.jwt.verify.audiences",
        AUDIENCE);
  }
}
