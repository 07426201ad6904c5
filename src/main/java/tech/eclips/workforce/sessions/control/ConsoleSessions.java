package tech.eclips.workforce.sessions.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The signed-in browsers of this node and the sign-ins under way, both in memory and bounded. A
 * session is found by the SHA-256 of its cookie value (the value itself is kept nowhere), ends
 * after {@code session-idle} without use, at {@code session-max} whatever its use, at sign-out, and
 * when the provider refuses to refresh its access token (the person's session there ended or was
 * revoked). A sign-in under way lives 10 minutes and is used once.
 */
@ApplicationScoped
public class ConsoleSessions {

  /**
   * Refresh this long before the access token expires, so the proxied call never carries a stale
   * one.
   */
  static final Duration REFRESH_AHEAD = Duration.ofSeconds(20);

  static final Duration SIGN_IN_WINDOW = Duration.ofMinutes(10);
  static final long MAX_SESSIONS = 100_000;
  static final long MAX_PENDING = 20_000;
  private static final Logger LOG = Logger.getLogger(ConsoleSessions.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A sign-in to send the browser off with: where, and the cookie value binding it. */
  public record Started(URI authorization, String browserBinding) {}

  /** A session just opened: the cookie value (shown once, to set the cookie) and its lifetime. */
  public record Opened(String cookieValue, Duration maxAge) {
    @Override
    public String toString() {
      return "Opened";
    }
  }

  /** The callback's state is unknown, used, expired, or was started by another browser. */
  public static final class ForgedState extends Exception {
    private static final long serialVersionUID = 1L;

    ForgedState() {
      super("unknown state, or started by another browser");
    }
  }

  private Optional<SignInSettings> settings;
  private OidcProvider provider;
  private Clock clock = Clock.systemUTC();
  private Cache<String, PendingSignIn> pending;
  private Cache<String, ConsoleSession> sessions;

  @PostConstruct
  void configure() {
    configure(SignInSettings.from(ConfigProvider.getConfig()), Clock.systemUTC());
  }

  void configure(Optional<SignInSettings> configured, Clock clock) {
    this.settings = configured;
    this.clock = clock;
    this.provider = configured.map(s -> new OidcProvider(s, clock)).orElse(null);
    this.pending =
        Caffeine.newBuilder().maximumSize(MAX_PENDING).expireAfterWrite(SIGN_IN_WINDOW).build();
    Duration idle = configured.map(SignInSettings::idle).orElse(Duration.ofMinutes(30));
    this.sessions = Caffeine.newBuilder().maximumSize(MAX_SESSIONS).expireAfterAccess(idle).build();
  }

  public boolean enabled() {
    return settings.isPresent();
  }

  public Optional<SignInSettings> settings() {
    return settings;
  }

  public Started begin() throws OidcProvider.Refused {
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    String binding = random();
    URI target = provider.authorization(state, nonce, verifier);
    remember(state.getValue(), new PendingSignIn(verifier, nonce, binding));
    return new Started(target, binding);
  }

  void remember(String state, PendingSignIn started) {
    pending.put(state, started);
  }

  /** The callback: its state must be one this server sent, once, to this very browser. */
  public Opened complete(String state, String code, String browserBinding)
      throws ForgedState, OidcProvider.Refused {
    PendingSignIn started = state == null ? null : pending.asMap().remove(state);
    if (started == null
        || browserBinding == null
        || !MessageDigest.isEqual(
            started.browserBinding().getBytes(StandardCharsets.US_ASCII),
            browserBinding.getBytes(StandardCharsets.US_ASCII))) {
      throw new ForgedState();
    }
    if (code == null || code.isBlank()) {
      throw new OidcProvider.Refused("the provider sent no code");
    }
    ProviderTokens tokens = provider.redeem(code, started);
    String value = random();
    sessions.put(
        digest(value), new ConsoleSession(random(), Instant.now(clock), subject(tokens), tokens));
    return new Opened(value, settings.get().maximum());
  }

  /** The live session a cookie names, if any. */
  public Optional<ConsoleSession> find(String cookieValue) {
    if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
      return Optional.empty();
    }
    String key = digest(cookieValue);
    ConsoleSession session = sessions.getIfPresent(key);
    if (session != null
        && Instant.now(clock).isAfter(session.started().plus(settings.get().maximum()))) {
      sessions.invalidate(key);
      return Optional.empty();
    }
    return Optional.ofNullable(session);
  }

  /**
   * The access token to present now, refreshed first when it is about to expire. Empty when the
   * provider refuses the refresh: the session has then ended.
   */
  public Optional<String> accessToken(String cookieValue, ConsoleSession session) {
    if (!expiresSoon(session.tokens())) {
      return Optional.of(session.tokens().accessToken());
    }
    session.refreshing.lock();
    try {
      if (expiresSoon(session.tokens())) {
        session.replace(provider.refresh(session.tokens()));
      }
      return Optional.of(session.tokens().accessToken());
    } catch (OidcProvider.Refused e) {
      LOG.info("console session of " + session.subject() + " ended: " + e.reason());
      sessions.invalidate(digest(cookieValue));
      return Optional.empty();
    } finally {
      session.refreshing.unlock();
    }
  }

  /** Ends the session; the provider's sign-out URL for it, if it has one. */
  public Optional<URI> end(String cookieValue) {
    Optional<ConsoleSession> session = find(cookieValue);
    session.ifPresent(s -> sessions.invalidate(digest(cookieValue)));
    return session.flatMap(s -> provider.signOut(s.tokens()));
  }

  private boolean expiresSoon(ProviderTokens tokens) {
    return !Instant.now(clock).plus(REFRESH_AHEAD).isBefore(tokens.expiresAt());
  }

  private static String subject(ProviderTokens tokens) {
    try {
      return String.valueOf(JWTParser.parse(tokens.idToken()).getJWTClaimsSet().getSubject());
    } catch (java.text.ParseException e) {
      return "?";
    }
  }

  static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String digest(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(value.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
