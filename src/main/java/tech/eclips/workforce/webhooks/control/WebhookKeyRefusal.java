package tech.eclips.workforce.webhooks.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import tech.eclips.workforce.identity.control.DevKeyRefusal;

/**
 * As {@link DevKeyRefusal} does for the JWT key: the webhook secret key in the repository is
 * public, so a production server configured with it would seal every org's signing secrets under a
 * key anyone has. It refuses to start that way, and with a key that is not 32 bytes of base64 in
 * any mode (a typo would otherwise surface only at the first endpoint).
 */
@ApplicationScoped
public class WebhookKeyRefusal {

  private static final Logger LOG = Logger.getLogger(WebhookKeyRefusal.class.getName());

  void check(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
    Config config = ConfigProvider.getConfig();
    boolean devMode = DevKeyRefusal.isDevMode(config);
    Optional<String> configured = config.getOptionalValue(SecretBox.KEY_PROPERTY, String.class);
    configured.ifPresent(SecretBox::decodeKey);
    if (refuses(devMode, configured)) {
      String message =
          "Refusing to start: "
              + SecretBox.KEY_PROPERTY
              + " is the public DEV-ONLY key and eclips.mode is not 'dev'. Set ECLIPS_WEBHOOKS_SECRET_KEY"
              + " to the base64 of 32 random bytes (openssl rand -base64 32).";
      LOG.severe(message);
      throw new IllegalStateException(message);
    }
    if (!devMode && configured.isEmpty()) {
      // a legitimate state (webhooks not wanted), so not a warning an operator must act on
      LOG.info(
          "Webhooks are off: "
              + SecretBox.KEY_PROPERTY
              + " is not set, so no endpoint can be created (ECLIPS_WEBHOOKS_SECRET_KEY).");
    }
  }

  /** Allowed? Only dev mode may seal under the dev key. */
  static boolean refuses(boolean devMode, Optional<String> configured) {
    return !devMode
        && configured
            .map(SecretBox::decodeKey)
            .map(k -> Arrays.equals(k, SecretBox.decodeKey(SecretBox.DEV_ONLY_KEY)))
            .orElse(false);
  }
}
