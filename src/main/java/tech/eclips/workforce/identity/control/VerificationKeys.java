package tech.eclips.workforce.identity.control;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import tech.eclips.workforce.json.JsonSupport;

/**
 * The identity provider's RSA public keys, from {@code mp.jwt.verify.publickey} (PEM or JWK Set
 * text) or {@code mp.jwt.verify.publickey.location} (a PEM or JWKS file, or an https URL of a JWKS,
 * refreshed every ten minutes).
 *
 * <p>Anyone can send a token, so nothing a token says may make the identity provider's endpoint a
 * cost or a weakness: a token naming an unknown key id reloads the set at most once per cool-down
 * ({@code eclips.jwt.unknown-kid-cooldown}, default 30 s) however many such tokens arrive; one
 * thread reloads at a time while the others go on with the keys they have (single flight); and a
 * reload that fails (no answer, a 429 or 500, garbage, an empty set) keeps the last good keys,
 * logging once per outage, never a token. The set holds at most {@link #MAX_KEYS} keys and is read
 * from at most {@link #MAX_BYTES} bytes. Outside dev mode the public DEV-ONLY key is dropped from
 * every set it loads ({@link DevKeyRefusal}), so a JWKS URL that serves it (at start or at any
 * later refresh) never makes its tokens valid.
 */
public final class VerificationKeys {

  static final Duration REFRESH = Duration.ofMinutes(10);
  public static final Duration UNKNOWN_KID_COOL_DOWN = Duration.ofSeconds(30);
  static final int MAX_KEYS = 64;
  static final int MAX_BYTES = 256 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Logger LOG = Logger.getLogger(VerificationKeys.class.getName());

  /** A PEM key applies to every token whatever its key id. */
  private static final String ANY = "";

  private final TokenSettings settings;
  private final boolean trustDevKey;
  private final long coolDownNanos;
  private final LongSupplier clock;
  private final ReentrantLock loading = new ReentrantLock();
  private final AtomicLong lastAttempt;
  private volatile Map<String, PublicKey> keys;
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

  /** The key for a token's {@code kid} ("" when it has none), if one is configured. */
  public Optional<PublicKey> forKeyId(String kid) {
    Optional<PublicKey> key = pick(current(), kid);
    if (key.isEmpty() && isRemote() && claimUnknownKidReload()) {
      key = pick(reload(), kid);
    }
    return key;
  }

  private static Optional<PublicKey> pick(Map<String, PublicKey> known, String kid) {
    if (known.containsKey(ANY)) {
      return Optional.of(known.get(ANY));
    }
    if (kid.isEmpty() && known.size() == 1) {
      return known.values().stream().findFirst();
    }
    return Optional.ofNullable(known.get(kid));
  }

  /**
   * The keys to check with now. Only the very first load makes callers wait; a due refresh is done
   * by whichever caller gets the lock, the others use the keys they have meanwhile.
   */
  private Map<String, PublicKey> current() {
    Map<String, PublicKey> known = keys;
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

  private Map<String, PublicKey> reload() {
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
    Optional<Map<String, PublicKey>> fresh = fetch();
    if (fresh.isPresent()) {
      keys = fresh.get();
      if (failing) {
        failing = false;
        LOG.info("the identity provider's keys load again: " + keys.size() + " key(s)");
      }
      return;
    }
    if (keys == null) {
      keys = Map.of();
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
    return settings.publicKey().isEmpty()
        && settings.location().map(l -> l.startsWith("http")).orElse(false);
  }

  /** The key set, or empty if it could not be read or holds no usable key. */
  private Optional<Map<String, PublicKey>> fetch() {
    try {
      Optional<String> text = settings.publicKey().isPresent() ? settings.publicKey() : read();
      return text.map(VerificationKeys::parse)
          .map(this::withoutDevKey)
          .filter(found -> !found.isEmpty());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Map<String, PublicKey> withoutDevKey(Map<String, PublicKey> found) {
    if (trustDevKey || found.values().stream().noneMatch(DevKeyRefusal::isDevKey)) {
      return found;
    }
    LOG.severe(
        "the identity provider's key set holds the public DEV-ONLY key outside dev mode; that key"
            + " is ignored and tokens signed with it are refused");
    Map<String, PublicKey> kept = new HashMap<>(found);
    kept.values().removeIf(DevKeyRefusal::isDevKey);
    return Map.copyOf(kept);
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

  private Optional<String> read() throws IOException, InterruptedException {
    if (settings.location().isEmpty()) {
      return Optional.empty();
    }
    String location = settings.location().get();
    if (location.startsWith("http://") || location.startsWith("https://")) {
      HttpResponse<InputStream> response =
          HttpClient.newBuilder()
              .connectTimeout(TIMEOUT)
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(location)).timeout(TIMEOUT).build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        return response.statusCode() == 200 ? bounded(body) : Optional.empty();
      }
    }
    String path = location.startsWith("file:") ? URI.create(location).getPath() : location;
    if (Files.isReadable(Path.of(path))) {
      return Optional.of(Files.readString(Path.of(path)));
    }
    // like Liberty: a relative location may name a resource of the application
    String resource = location.startsWith("/") ? location.substring(1) : location;
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static Optional<String> bounded(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(MAX_BYTES + 1);
    return bytes.length > MAX_BYTES
        ? Optional.empty()
        : Optional.of(new String(bytes, StandardCharsets.UTF_8));
  }

  static Map<String, PublicKey> parse(String text) {
    String trimmed = text.trim();
    try {
      if (trimmed.startsWith("{")) {
        return jwks(trimmed);
      }
      byte[] der = Base64.getMimeDecoder().decode(trimmed.replaceAll("-----[A-Z ]+-----", ""));
      return Map.of(ANY, KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)));
    } catch (GeneralSecurityException | IllegalArgumentException | JsonException e) {
      return Map.of();
    }
  }

  /** The set's RSA signing keys, the first {@link #MAX_KEYS} of them. */
  private static Map<String, PublicKey> jwks(String json) throws GeneralSecurityException {
    JsonObject root;
    try (var reader = JsonSupport.reader(json)) {
      root = reader.readObject();
    }
    List<JsonValue> entries = root.containsKey("keys") ? root.getJsonArray("keys") : List.of(root);
    Map<String, PublicKey> found = new HashMap<>();
    for (JsonValue entry : entries) {
      if (found.size() == MAX_KEYS) {
        break;
      }
      JsonObject jwk = entry.asJsonObject();
      if ("RSA".equals(text(jwk, "kty")) && !"enc".equals(text(jwk, "use"))) {
        BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(text(jwk, "n")));
        BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(text(jwk, "e")));
        found.put(
            text(jwk, "kid"),
            KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
      }
    }
    return Map.copyOf(found);
  }

  private static String text(JsonObject object, String name) {
    return object.get(name) instanceof JsonString s ? s.getString() : "";
  }
}
