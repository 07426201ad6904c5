package tech.eclips.workforce.identity.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A production server without its identity provider's issuer, audience and key would either refuse
 * every console and platform user or, worse, accept tokens nobody meant for it (a missing audience
 * means any audience to some verifiers). It refuses to start instead, naming what is missing. Dev
 * mode ({@code eclips.mode=dev}) is exempt only because the dev runner always sets all three.
 */
@ApplicationScoped
public class IdentitySettingsRefusal {

  private static final Logger LOG = Logger.getLogger(IdentitySettingsRefusal.class.getName());

  void check(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
    Config config = ConfigProvider.getConfig();
    boolean devMode = DevKeyRefusal.isDevMode(config);
    List<String> missing = TokenSettings.from(config).missing();
    if (refuses(devMode, missing)) {
      String message = message(missing);
      LOG.severe(message);
      throw new IllegalStateException(message);
    }
  }

  /** Allowed? Outside dev mode, only with issuer, audience and key all configured. */
  static boolean refuses(boolean devMode, List<String> missing) {
    return !devMode && !missing.isEmpty();
  }

  static String message(List<String> missing) {
    return "Refusing to start: console and platform tokens cannot be verified without "
        + String.join(", ", missing)
        + ". Set MP_JWT_VERIFY_ISSUER, MP_JWT_VERIFY_AUDIENCES and"
        + " MP_JWT_VERIFY_PUBLICKEY_LOCATION to your identity provider's values (README, 'Run in"
        + " production').";
  }
}
