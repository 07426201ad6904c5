package tech.eclips.workforce.audit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import tech.eclips.workforce.identity.control.DevKeyRefusal;

/**
 * As {@link DevKeyRefusal} does for the JWT key: the audit signing key in the repository is public,
 * so checkpoints signed with it outside dev mode would prove nothing. The server refuses to start
 * that way, and with a key that does not load in any mode (a typo would otherwise surface only at
 * the first checkpoint).
 */
@ApplicationScoped
public class AuditSigningKeyRefusal {

  private static final Logger LOG = Logger.getLogger(AuditSigningKeyRefusal.class.getName());

  void check(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
    Config config = ConfigProvider.getConfig();
    boolean devMode = DevKeyRefusal.isDevMode(config);
    Optional<String> configured = AuditSigningKey.configuredText(config);
    if (refuses(devMode, configured)) {
      String message =
          "Refusing to start: "
              + AuditSigningKey.KEY_PROPERTY
              + " is the public DEV-ONLY key and eclips.mode is not 'dev'. Set ECLIPS_AUDIT_SIGNING_KEY"
              + " to a new Ed25519 key (openssl genpkey -algorithm ed25519 | grep -v -- -----).";
      LOG.severe(message);
      throw new IllegalStateException(message);
    }
    if (configured.isEmpty()) {
      LOG.info(
          "Audit checkpoints are off: "
              + AuditSigningKey.KEY_PROPERTY
              + " is not set, so the audit chain is not anchored outside the database.");
    }
  }

  /** Allowed? Only dev mode may sign with the dev key; any text must load as a key. */
  static boolean refuses(boolean devMode, Optional<String> configured) {
    return configured.map(AuditSigningKey::isDevKey).orElse(false) && !devMode;
  }
}
