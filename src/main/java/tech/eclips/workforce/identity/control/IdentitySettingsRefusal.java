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
 * Outside dev mode the key location may not be a plain {@code http://} URL either: whoever can
 * change that answer on the way (any network in between) would choose which tokens are valid.
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
    if (refusesPlainHttp(devMode, TokenSettings.from(config))) {
      String message =
          "Refusing to start: mp.jwt.verify.publickey.location is a plain http:// URL, so anyone on"
              + " the network path could swap the keys that decide who may sign in. Use the"
              + " identity provider's https:// JWKS URL (MP_JWT_VERIFY_PUBLICKEY_LOCATION).";
      LOG.severe(message);
      throw new IllegalStateException(message);
    }
  }

  /** Allowed? Outside dev mode, the keys come from a file, the text itself, or https only. */
  static boolean refusesPlainHttp(boolean devMode, TokenSettings settings) {
    return !devMode
        && settings.publicKey().isEmpty()
        && settings
            .location()
            .map(l -> l.regionMatches(true, 0, "http://", 0, "http://".length()))
            .orElse(false);
  }

  /** Allowed? Outside dev mode, only with issuer, audience and key all configured. */
  static boolean refuses(boolean devMode, List<String> missing) {
    return !devMode && !missing.isEmpty();
  }

  static String message(List<String> missing) {
    return "Refusing to start: console and platform tokens cannot be verified without "
        + String.join(", ", missing)
        + ". Set MP_JWT_VERIFY_ISSUER, MP_JWT_VERIFY_AUDIENCES and"
        + " MP_JWT_VERIFY_PUBLICKEY_LOCATION to your identity provider's values (docs/operations.md, 'Run in"
        + " production').";
  }
}
