package tech.eclips.workforce.identity.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
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
 * <p>The key is recognised by its material (its RFC 7638 thumbprint, the same for a PEM file, a JWK
 * or a key in a JWK Set, whatever their text looks like), in {@code mp.jwt.verify.publickey} or a
 * file or resource named by {@code mp.jwt.verify.publickey.location}. An https URL is not fetched
 * at start: the identity provider may be down while the server starts, and what a URL serves can
 * change at any later time. {@link VerificationKeys} therefore drops the dev key from every set it
 * loads outside dev mode, so no token signed with it is accepted however the key arrives.
 */
@ApplicationScoped
public class DevKeyRefusal {

  /** The RFC 7638 SHA-256 thumbprint of src/tools/resources/dev-jwt/DEV-ONLY-public-key.pem. */
  static final String DEV_KEY_THUMBPRINT = "s2CbviEB1yvuKHq4T7ahikOeUN2l34FS1HrvY1MaHbY";

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
                        .flatMap(VerificationKeys::localText));
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
    return VerificationKeys.parse(keyText).getKeys().stream().anyMatch(DevKeyRefusal::isDevKey);
  }

  static boolean isDevKey(JWK key) {
    try {
      return key.computeThumbprint().toString().equals(DEV_KEY_THUMBPRINT);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
