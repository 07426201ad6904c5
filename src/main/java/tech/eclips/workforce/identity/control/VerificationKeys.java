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
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.eclips.workforce.json.JsonSupport;

/**
 * The identity provider's RSA public keys, from {@code mp.jwt.verify.publickey} (PEM or JWK Set
 * text) or {@code mp.jwt.verify.publickey.location} (a PEM or JWKS file, or an https URL of a JWKS,
 * refreshed every ten minutes and at most every 30 s when a token names an unknown key id).
 */
public final class VerificationKeys {

  private static final Duration REFRESH = Duration.ofMinutes(10);
  private static final Duration UNKNOWN_KID_REFRESH = Duration.ofSeconds(30);

  /** A PEM key applies to every token whatever its key id. */
  private static final String ANY = "";

  private final TokenSettings settings;
  private volatile Map<String, PublicKey> keys;
  private volatile Instant loadedAt = Instant.EPOCH;

  public VerificationKeys(TokenSettings settings) {
    this.settings = settings;
  }

  /** The key for a token's {@code kid} ("" when it has none), if one is configured. */
  public Optional<PublicKey> forKeyId(String kid) {
    Map<String, PublicKey> known = current(false);
    Optional<PublicKey> key = pick(known, kid);
    if (key.isEmpty() && isRemote() && loadedAt.plus(UNKNOWN_KID_REFRESH).isBefore(Instant.now())) {
      key = pick(current(true), kid);
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

  private Map<String, PublicKey> current(boolean forceReload) {
    Map<String, PublicKey> known = keys;
    boolean stale = isRemote() && loadedAt.plus(REFRESH).isBefore(Instant.now());
    if (known == null || stale || forceReload) {
      synchronized (this) {
        known = load();
        keys = known;
        loadedAt = Instant.now();
      }
    }
    return known;
  }

  private boolean isRemote() {
    return settings.publicKey().isEmpty()
        && settings.location().map(l -> l.startsWith("http")).orElse(false);
  }

  private Map<String, PublicKey> load() {
    try {
      Optional<String> text = settings.publicKey().isPresent() ? settings.publicKey() : read();
      return text.map(VerificationKeys::parse).orElse(Map.of());
    } catch (IOException | RuntimeException e) {
      return keys == null ? Map.of() : keys; // keep what worked; a token is refused, never logged
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  private Optional<String> read() throws IOException, InterruptedException {
    if (settings.location().isEmpty()) {
      return Optional.empty();
    }
    String location = settings.location().get();
    if (location.startsWith("http://") || location.startsWith("https://")) {
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(location))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
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

  private static Map<String, PublicKey> jwks(String json) throws GeneralSecurityException {
    JsonObject root;
    try (var reader = JsonSupport.reader(json)) {
      root = reader.readObject();
    }
    List<JsonValue> entries = root.containsKey("keys") ? root.getJsonArray("keys") : List.of(root);
    Map<String, PublicKey> found = new HashMap<>();
    for (JsonValue entry : entries) {
      JsonObject jwk = entry.asJsonObject();
      if ("RSA".equals(text(jwk, "kty")) && !"enc".equals(text(jwk, "use"))) {
        BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(text(jwk, "n")));
        BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(text(jwk, "e")));
        found.put(
            text(jwk, "kid"),
            KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
      }
    }
    return found;
  }

  private static String text(JsonObject object, String name) {
    return object.get(name) instanceof JsonString s ? s.getString() : "";
  }
}
