package tech.eclips.workforce.identity.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
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
    Optional<String> pem =
        config
            .getOptionalValue("mp.jwt.verify.publickey", String.class)
            .or(
                () ->
                    config
                        .getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                        .flatMap(DevKeyRefusal::readFile));
    if (refuses(devMode, pem)) {
      throw new IllegalStateException(
          "Refusing to start: the JWT verification key is the public DEV-ONLY key and eclips.mode is not 'dev'. "
              + "Configure your identity provider's key (mp.jwt.verify.publickey.location).");
    }
    if (devMode) {
      LOG.warning(
          "DEV MODE: console and platform tokens signed with the public DEV-ONLY key are accepted.");
    }
  }

  static boolean isDevMode(Config config) {
    return "dev".equals(config.getOptionalValue("eclips.mode", String.class).orElse("production"));
  }

  /** Allowed? Only dev mode may trust the dev key; anything else may trust any other key. */
  static boolean refuses(boolean devMode, Optional<String> verificationKeyPem) {
    return !devMode && verificationKeyPem.map(DevKeyRefusal::isDevKey).orElse(false);
  }

  static boolean isDevKey(String pem) {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      byte[] fingerprint = MessageDigest.getInstance("SHA-256").digest(der);
      return HexFormat.of().formatHex(fingerprint).equals(DEV_KEY_FINGERPRINT);
    } catch (IllegalArgumentException e) {
      return false;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<String> readFile(String location) {
    String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
    if (path.contains("://")) {
      return Optional.empty();
    }
    try {
      return Files.isReadable(Path.of(path))
          ? Optional.of(Files.readString(Path.of(path)))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
