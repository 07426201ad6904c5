package tech.eclips.workforce.sessions.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The callback's refusals, which never reach the provider: unknown, foreign and reused states. */
class ConsoleSessionsTest {

  private static final SignInSettings SETTINGS =
      new SignInSettings(
          "https://idp.example/realms/acme",
          "eclips-console",
          Optional.empty(),
          URI.create("https://eclips.example/console/sign-in/callback"),
          URI.create("https://eclips.example/console"),
          "openid",
          Duration.ofMinutes(30),
          Duration.ofHours(12),
          URI.create("http://127.0.0.1:9080"));

  private final ConsoleSessions sessions = new ConsoleSessions();

  ConsoleSessionsTest() {
    sessions.configure(Optional.of(SETTINGS), Clock.systemUTC());
  }

  @Test
  void anUnknownOrMissingStateIsForged() {
    assertThrows(
        ConsoleSessions.ForgedState.class, () -> sessions.complete("never-issued", "code", "b"));
    assertThrows(ConsoleSessions.ForgedState.class, () -> sessions.complete(null, "code", "b"));
  }

  @Test
  void aStateIssuedToAnotherBrowserIsForgedAndSpent() {
    sessions.remember("s1", new PendingSignIn(new CodeVerifier(), new Nonce(), "this-browser"));
    assertThrows(
        ConsoleSessions.ForgedState.class, () -> sessions.complete("s1", "code", "other-browser"));
    // one use: even the right browser cannot use it after that
    assertThrows(
        ConsoleSessions.ForgedState.class, () -> sessions.complete("s1", "code", "this-browser"));
    sessions.remember("s2", new PendingSignIn(new CodeVerifier(), new Nonce(), "this-browser"));
    assertThrows(ConsoleSessions.ForgedState.class, () -> sessions.complete("s2", "code", null));
  }

  @Test
  void noCookieNamesASession() {
    assertTrue(sessions.find(null).isEmpty());
    assertTrue(sessions.find("").isEmpty());
    assertTrue(sessions.find("x".repeat(5000)).isEmpty());
    assertTrue(sessions.find(ConsoleSessions.random()).isEmpty());
  }

  @Test
  void cookieValuesAreLongRandomAndKeptOnlyAsDigests() {
    String value = ConsoleSessions.random();
    assertEquals(43, value.length(), "256 bits, base64url");
    assertEquals(64, ConsoleSessions.digest(value).length());
    assertTrue(!ConsoleSessions.digest(value).contains(value));
  }

  @Test
  void theIssuerIsHttpsOrOnThisHost() {
    assertTrue(SignInSettings.secureOrLocal(URI.create("https://idp.example/realms/acme")));
    assertTrue(SignInSettings.secureOrLocal(URI.create("http://127.0.0.1:8180/realms/acme")));
    assertTrue(SignInSettings.secureOrLocal(URI.create("http://localhost:8180/realms/acme")));
    assertTrue(!SignInSettings.secureOrLocal(URI.create("http://idp.example/realms/acme")));
    assertTrue(!SignInSettings.secureOrLocal(URI.create("ftp://127.0.0.1/x")));
  }
}
