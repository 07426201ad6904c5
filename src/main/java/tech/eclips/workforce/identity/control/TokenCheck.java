package tech.eclips.workforce.identity.control;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import tech.eclips.workforce.json.JsonSupport;

/**
 * Decides whether a console or platform JWT is valid, before Liberty's MP-JWT check sees it.
 * Liberty writes every token it rejects into its FFDC incidents and trace; a token refused here
 * never reaches it. So this check must be at least as strict as Liberty's ({@code server.xml}
 * {@code <mpJwt>}: RS256, the configured key, issuer and audience, {@code sub} as user name, 30 s
 * clock skew): it allows less skew than Liberty does and no expiry skew at all, so a token accepted
 * here is accepted there too. It never logs, and says only yes or no.
 */
public final class TokenCheck {

  /** Liberty allows 30 s; a token issued up to 20 s "in the future" passes both. */
  static final Duration ISSUED_SKEW = Duration.ofSeconds(20);

  /** Far above any real token; bounds the work an anonymous request can cause. */
  static final int MAX_LENGTH = 16 * 1024;

  private static final Pattern SHAPE =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

  private final TokenSettings settings;
  private final VerificationKeys keys;

  public TokenCheck(TokenSettings settings, VerificationKeys keys) {
    this.settings = settings;
    this.keys = keys;
  }

  /** Valid? Signature, algorithm, issuer, audience, expiry, not-before, issued-at, subject. */
  public boolean accepts(String token, Instant now) {
    if (token == null || token.length() > MAX_LENGTH || !SHAPE.matcher(token).matches()) {
      return false;
    }
    int firstDot = token.indexOf('.');
    int lastDot = token.lastIndexOf('.');
    Optional<JsonObject> header = decode(token.substring(0, firstDot));
    Optional<JsonObject> claims = decode(token.substring(firstDot + 1, lastDot));
    if (header.isEmpty() || claims.isEmpty() || !headerIsAcceptable(header.get())) {
      return false;
    }
    Optional<PublicKey> key = keys.forKeyId(text(header.get(), "kid"));
    return key.isPresent()
        && signatureHolds(token.substring(0, lastDot), token.substring(lastDot + 1), key.get())
        && claimsHold(claims.get(), now);
  }

  private static boolean headerIsAcceptable(JsonObject header) {
    return "RS256".equals(text(header, "alg")) && !header.containsKey("crit");
  }

  private boolean claimsHold(JsonObject claims, Instant now) {
    return settings.issuer().equals(text(claims, "iss"))
        && audienceMatches(claims.get("aud"))
        && seconds(claims, "exp").map(exp -> exp > now.getEpochSecond()).orElse(false)
        && notAfter(claims, "nbf", now)
        && notAfter(claims, "iat", now.plus(ISSUED_SKEW))
        && !text(claims, "sub").isBlank()
        && groupsAreText(claims.get("groups"));
  }

  private boolean audienceMatches(JsonValue aud) {
    if (aud instanceof JsonString one) {
      return settings.audiences().contains(one.getString());
    }
    if (aud instanceof JsonArray many) {
      return many.stream()
          .anyMatch(a -> a instanceof JsonString s && settings.audiences().contains(s.getString()));
    }
    return false;
  }

  private static boolean notAfter(JsonObject claims, String name, Instant limit) {
    if (!claims.containsKey(name)) {
      return true;
    }
    return seconds(claims, name).map(t -> t <= limit.getEpochSecond()).orElse(false);
  }

  private static boolean groupsAreText(JsonValue groups) {
    return groups == null
        || groups instanceof JsonString
        || groups instanceof JsonArray list && list.stream().allMatch(JsonString.class::isInstance);
  }

  private static Optional<Long> seconds(JsonObject claims, String name) {
    return claims.get(name) instanceof JsonNumber number && number.isIntegral()
        ? Optional.of(number.longValue())
        : Optional.empty();
  }

  private static String text(JsonObject object, String name) {
    return object.get(name) instanceof JsonString s ? s.getString() : "";
  }

  private static boolean signatureHolds(String signingInput, String signature, PublicKey key) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(key);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return rsa.verify(Base64.getUrlDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static Optional<JsonObject> decode(String part) {
    try (var reader =
        JsonSupport.reader(
            new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8))) {
      return reader.read() instanceof JsonObject object ? Optional.of(object) : Optional.empty();
    } catch (JsonException | IllegalArgumentException | IllegalStateException e) {
      return Optional.empty();
    }
  }
}
