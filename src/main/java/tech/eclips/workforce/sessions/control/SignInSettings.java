package tech.eclips.workforce.sessions.control;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import tech.eclips.workforce.identity.control.DevKeyRefusal;

/**
 * The console's OpenID Connect client, from MicroProfile Config ({@code ECLIPS_CONSOLE_OIDC_*}).
 * Without an issuer the console offers no provider sign-in. The redirect URI is the one the
 * provider has registered for this client (the only one this server ever sends); the upstream is
 * where the session proxy reaches this server's own {@code /console/v1}.
 */
public record SignInSettings(
    String issuer,
    String clientId,
    Optional<String> clientSecret,
    URI redirectUri,
    URI afterSignOut,
    String scopes,
    Duration idle,
    Duration maximum,
    URI upstream) {

  static final String PREFIX = "eclips.console.oidc.";

  public static Optional<SignInSettings> from(Config config) {
    Optional<String> issuer = text(config, "issuer");
    if (issuer.isEmpty()) {
      return Optional.empty();
    }
    boolean devMode = DevKeyRefusal.isDevMode(config);
    if (!devMode && !secureOrLocal(URI.create(issuer.get()))) {
      throw new IllegalStateException(
          PREFIX
              + "issuer must be an https:// URL (or on this host): the client secret and the"
              + " codes travel to it");
    }
    URI redirect = URI.create(required(config, "redirect-uri"));
    URI console = redirect.resolve("/console");
    int httpPort = config.getOptionalValue("eclips.http.port", Integer.class).orElse(9080);
    return Optional.of(
        new SignInSettings(
            issuer.get(),
            required(config, "client-id"),
            text(config, "client-secret"),
            redirect,
            text(config, "post-sign-out-uri").map(URI::create).orElse(console),
            text(config, "scopes").orElse("openid profile"),
            config
                .getOptionalValue(PREFIX + "session-idle", Duration.class)
                .orElse(Duration.ofMinutes(30)),
            config
                .getOptionalValue(PREFIX + "session-max", Duration.class)
                .orElse(Duration.ofHours(12)),
            text(config, "upstream")
                .map(URI::create)
                .orElse(URI.create("http://127.0.0.1:" + httpPort))));
  }

  /** https, or plain HTTP to this very host (a provider beside the server, or a test's). */
  static boolean secureOrLocal(URI issuer) {
    String host = issuer.getHost() == null ? "" : issuer.getHost();
    return "https".equalsIgnoreCase(issuer.getScheme())
        || ("http".equalsIgnoreCase(issuer.getScheme())
            && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]")));
  }

  private static String required(Config config, String name) {
    return text(config, name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    PREFIX + name + " is required when " + PREFIX + "issuer is set"));
  }

  private static Optional<String> text(Config config, String name) {
    return config
        .getOptionalValue(PREFIX + name, String.class)
        .map(String::strip)
        .filter(v -> !v.isEmpty());
  }
}
