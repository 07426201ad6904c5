package tech.eclips.workforce.identity.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The repository ships a DEV-ONLY key pair for local runs and tests. Its public key is known to
 * all, so a server that trusts it outside dev mode would accept anyone's tokens: the application
 * refuses to start that way. Dev mode is {@code eclips.mode=dev}, set only by the dev runner and
 * the tests.
 *
 * <p>The key is recognised by its material (the SHA-256 of its canonical X.509 encoding, the same
 * for a PEM file, a JWK or a key in a JWK Set, whatever their text looks like), in {@code
 * mp.jwt.verify.publickey} or a file or resource named by {@code mp.jwt.verify.publickey.location}.
 * An https URL is not fetched at start: the identity provider may be down while the server starts,
 * and what a URL serves can change at any later time. {@link VerificationKeys} therefore drops the
 * dev key from every set it loads outside dev mode, so no token signed with it is accepted however
 * the key arrives.
 */
@ApplicationScoped
public class DevKeyRefusal {

  /**
   * SHA-256 of the DER SubjectPublicKeyInfo of src/tools/resources/dev-jwt/DEV-ONLY-public-key.pem.
   */
  static final String DEV_KEY_FINGERPRINT =
      "a5a6bd558b07d094d637e279011efb3d4ea300d7a735d770dcb060e5c1ddf4b6";

  private static final Logger LOG = Logger.getLogger(DevKeyRefusal.class.getName());

  void check(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
    Config config = ConfigProvider.getConfig();
    boolean devMode = isDevMode(config);
    Optional<String> keyText =
        config
            .getOptionalValue("mp.jwt.verify.publickey", String.class)
            .or(
                () ->
                    config
                        .getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                        .flatMap(DevKeyRefusal::readFile));
    if (refuses(devMode, keyText)) {
      throw new IllegalStateException(
          "Refusing to start: the JWT verification key is the public DEV-ONLY key and eclips.mode is not 'dev'. "
              + "Configure your identity provider's key (mp.jwt.verify.publickey.location).");
    }
    if (devMode) {
      LOG.warning(
          "DEV MODE: console and platform tokens signed with the public DEV-ONLY key are accepted.");
    }
  }

  public static boolean isDevMode(Config config) {
    return "dev".equals(config.getOptionalValue("eclips.mode", String.class).orElse("production"));
  }

  /** Allowed? Only dev mode may trust the dev key; anything else may trust any other key. */
  static boolean refuses(boolean devMode, Optional<String> verificationKeyText) {
    return !devMode && verificationKeyText.map(DevKeyRefusal::isDevKey).orElse(false);
  }

  /** Does this PEM, JWK or JWK Set text hold the dev key (among others)? */
  static boolean isDevKey(String keyText) {
    return VerificationKeys.parse(keyText).values().stream().anyMatch(DevKeyRefusal::isDevKey);
  }

  static boolean isDevKey(PublicKey key) {
    try {
      byte[] fingerprint = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(fingerprint).equals(DEV_KEY_FINGERPRINT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A file or an application resource, as Liberty reads it; an http(s) URL is not read here. */
  static Optional<String> readFile(String location) {
    String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
    if (path.contains("://")) {
      return Optional.empty();
    }
    try {
      if (Files.isReadable(Path.of(path))) {
        return Optional.of(Files.readString(Path.of(path)));
      }
      String resource = path.startsWith("/") ? path.substring(1) : path;
      try (InputStream in =
          Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
        return in == null
            ? Optional.empty()
            : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
