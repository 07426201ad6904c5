package tech.eclips.workforce.identity.control;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The identity provider's RSA public keys, from {@code mp.jwt.verify.publickey} (PEM, JWK or JWK
 * Set text) or {@code mp.jwt.verify.publickey.location} (a PEM or JWKS file, or an https URL of a
 * JWKS, refreshed every ten minutes), as a Nimbus {@link JWKSource}. A key without a key id (a PEM
 * key) answers whatever key id a token names, as Liberty's check does.
 *
 * <p>Anyone can send a token, so nothing a token says may make the identity provider's endpoint a
 * cost or a weakness: a token naming an unknown key id reloads the set at most once per cool-down
 * ({@code eclips.jwt.unknown-kid-cooldown}, default 30 s) however many such tokens arrive; one
 * thread reloads at a time while the others go on with the keys they have (single flight); and a
 * reload that fails (no answer, a 429 or 500, garbage, an empty set) keeps the last good keys,
 * logging once per outage, never a token. Nimbus's own caching sources make waiting callers block
 * on a reload and count a rate limit per window, not from the last load, hence this policy here.
 * The set holds at most {@link #MAX_KEYS} keys and is read from at most {@link #MAX_BYTES} bytes.
 * Outside dev mode the public DEV-ONLY key is dropped from every set it loads ({@link
 * DevKeyRefusal}), so a JWKS URL that serves it (at start or at any later refresh) never makes its
 * tokens valid.
 */
public final class VerificationKeys implements JWKSource<SecurityContext> {

  static final Duration REFRESH = Duration.ofMinutes(10);
  public static final Duration UNKNOWN_KID_COOL_DOWN = Duration.ofSeconds(30);
  static final int MAX_KEYS = 64;
  static final int MAX_BYTES = 256 * 1024;
  private static final int TIMEOUT_MILLIS = 5_000;
  private static final Logger LOG = Logger.getLogger(VerificationKeys.class.getName());

  private final TokenSettings settings;
  private final boolean trustDevKey;
  private final long coolDownNanos;
  private final LongSupplier clock;
  private final ResourceRetriever http =
      new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, MAX_BYTES) {
        /** The configured URL or nothing: a redirect is a failed load, as any answer but 2xx. */
        @Override
        protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
          HttpURLConnection connection = super.openHTTPConnection(url);
          connection.setInstanceFollowRedirects(false);
          return connection;
        }
      };
  private final ReentrantLock loading = new ReentrantLock();
  private final AtomicLong lastAttempt;
  private volatile JWKSet keys;
  private volatile boolean failing;

  public VerificationKeys(TokenSettings settings) {
    this(settings, UNKNOWN_KID_COOL_DOWN, System::nanoTime);
  }

  /** Never trusting the DEV-ONLY key. */
  public VerificationKeys(TokenSettings settings, Duration unknownKidCoolDown, LongSupplier clock) {
    this(settings, unknownKidCoolDown, clock, false);
  }

  /** {@code trustDevKey} only in dev mode ({@link DevKeyRefusal#isDevMode}). */
  public VerificationKeys(
      TokenSettings settings,
      Duration unknownKidCoolDown,
      LongSupplier clock,
      boolean trustDevKey) {
    this.settings = settings;
    this.trustDevKey = trustDevKey;
    this.coolDownNanos = Math.max(0, unknownKidCoolDown.toNanos());
    this.clock = clock;
    this.lastAttempt = new AtomicLong(clock.getAsLong());
  }

  /** The keys a token's header selects; when none, one reload per cool-down may find them. */
  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) {
    List<JWK> found = select(selector, current());
    if (found.isEmpty() && isRemote() && claimUnknownKidReload()) {
      found = select(selector, reload());
    }
    return found;
  }

  private static List<JWK> select(JWKSelector selector, JWKSet known) {
    List<JWK> found = selector.select(known);
    if (!found.isEmpty()) {
      return found;
    }
    JWKMatcher anyKeyId =
        new JWKMatcher.Builder(selector.getMatcher()).keyIDs((Set<String>) null).build();
    return new JWKSelector(anyKeyId)
        .select(new JWKSet(known.getKeys().stream().filter(k -> k.getKeyID() == null).toList()));
  }

  /**
   * The keys to check with now. Only the very first load makes callers wait; a due refresh is done
   * by whichever caller gets the lock, the others use the keys they have meanwhile.
   */
  private JWKSet current() {
    JWKSet known = keys;
    if (known == null) {
      loading.lock();
      try {
        if (keys == null) {
          lastAttempt.set(clock.getAsLong());
          load();
        }
        return keys;
      } finally {
        loading.unlock();
      }
    }
    long due = failing ? coolDownNanos : REFRESH.toNanos();
    if (isRemote() && clock.getAsLong() - lastAttempt.get() >= due && loading.tryLock()) {
      try {
        lastAttempt.set(clock.getAsLong());
        load();
      } finally {
        loading.unlock();
      }
    }
    return keys;
  }

  /**
   * True for exactly one caller per cool-down: the one that may reload for an unknown key id. The
   * cool-down counts from the last load of any kind.
   */
  private boolean claimUnknownKidReload() {
    long last = lastAttempt.get();
    long now = clock.getAsLong();
    return now - last >= coolDownNanos && lastAttempt.compareAndSet(last, now);
  }

  private JWKSet reload() {
    loading.lock();
    try {
      load();
      return keys;
    } finally {
      loading.unlock();
    }
  }

  /** Under {@link #loading}: the new set if it is usable, else the last good one stays. */
  private void load() {
    Optional<JWKSet> fresh = fetch();
    if (fresh.isPresent()) {
      keys = fresh.get();
      if (failing) {
        failing = false;
        LOG.info("the identity provider's keys load again: " + keys.size() + " key(s)");
      }
      return;
    }
    if (keys == null) {
      keys = new JWKSet();
    }
    if (!failing) {
      failing = true;
      LOG.warning(
          "the identity provider's keys could not be (re)loaded from "
              + where()
              + "; keeping the "
              + keys.size()
              + " key(s) loaded before and retrying in "
              + Duration.ofNanos(coolDownNanos).toSeconds()
              + " s at the earliest");
    }
  }

  private boolean isRemote() {
    return settings.publicKey().isEmpty() && settings.location().map(l -> isUrl(l)).orElse(false);
  }

  private static boolean isUrl(String location) {
    return location.startsWith("http://") || location.startsWith("https://");
  }

  /** The key set, or empty if it could not be read or holds no usable key. */
  private Optional<JWKSet> fetch() {
    try {
      Optional<String> text = settings.publicKey().isPresent() ? settings.publicKey() : read();
      return text.map(VerificationKeys::parse)
          .map(this::withoutDevKey)
          .filter(found -> !found.isEmpty());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private JWKSet withoutDevKey(JWKSet found) {
    if (trustDevKey || found.getKeys().stream().noneMatch(DevKeyRefusal::isDevKey)) {
      return found;
    }
    LOG.severe(
        "the identity provider's key set holds the public DEV-ONLY key outside dev mode; that key"
            + " is ignored and tokens signed with it are refused");
    return new JWKSet(found.getKeys().stream().filter(k -> !DevKeyRefusal.isDevKey(k)).toList());
  }

  /** For the log: the host, never a path or query that might hold a credential. */
  private String where() {
    String location = settings.location().orElse("mp.jwt.verify.publickey");
    try {
      URI uri = URI.create(location);
      return uri.getHost() != null ? uri.getScheme() + "://" + uri.getHost() : "the configured key";
    } catch (IllegalArgumentException e) {
      return "the configured key";
    }
  }

  private Optional<String> read() throws IOException {
    if (settings.location().isEmpty()) {
      return Optional.empty();
    }
    String location = settings.location().get();
    return isUrl(location)
        ? Optional.of(http.retrieveResource(URI.create(location).toURL()).getContent())
        : localText(location);
  }

  /**
   * A file or, like Liberty, a resource of the application a relative location names; an http(s)
   * URL is not read here.
   */
  static Optional<String> localText(String location) {
    String path = location.startsWith("file:") ? URI.create(location).getPath() : location;
    if (path == null || path.contains("://")) {
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

  /** The RSA signing keys of PEM, JWK or JWK Set text, the first {@link #MAX_KEYS}; else none. */
  static JWKSet parse(String text) {
    String trimmed = text.trim();
    try {
      if (trimmed.startsWith("{")) {
        Map<String, Object> json = JSONObjectUtils.parse(trimmed);
        List<JWK> all =
            json.containsKey("keys") ? JWKSet.parse(json).getKeys() : List.of(JWK.parse(json));
        return new JWKSet(
            all.stream()
                .filter(k -> k instanceof RSAKey && !KeyUse.ENCRYPTION.equals(k.getKeyUse()))
                .limit(MAX_KEYS)
                .map(JWK::toPublicJWK)
                .toList());
      }
      byte[] der = Base64.getMimeDecoder().decode(trimmed.replaceAll("-----[A-Z ]+-----", ""));
      var key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      return new JWKSet(new RSAKey.Builder((RSAPublicKey) key).build());
    } catch (ParseException | GeneralSecurityException | RuntimeException e) {
      return new JWKSet();
    }
  }
}
