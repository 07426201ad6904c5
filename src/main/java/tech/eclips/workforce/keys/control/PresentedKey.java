package tech.eclips.workforce.keys.control;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a caller puts its key: {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}.
 * Both at once are fine only if they agree.
 */
public final class PresentedKey {

  /** What the headers say: nothing, something unusable, or a candidate key. */
  public sealed interface Presented permits Absent, Unusable, Candidate {}

  public record Absent() implements Presented {}

  public record Unusable() implements Presented {}

  public record Candidate(String key) implements Presented {}

  private static final String BEARER = "bearer ";

  private PresentedKey() {}

  public static Presented from(String authorization, String xApiKey) {
    Optional<String> fromAuthorization =
        Optional.ofNullable(authorization).map(String::strip).filter(s -> !s.isEmpty());
    Optional<String> fromHeader =
        Optional.ofNullable(xApiKey).map(String::strip).filter(s -> !s.isEmpty());
    if (fromAuthorization.isEmpty() && fromHeader.isEmpty()) {
      return new Absent();
    }
    Optional<String> bearer = fromAuthorization.map(PresentedKey::bearerToken);
    if (fromAuthorization.isPresent() && bearer.get().isEmpty()) {
      return new Unusable();
    }
    if (bearer.isPresent() && fromHeader.isPresent() && !bearer.get().equals(fromHeader.get())) {
      return new Unusable();
    }
    return new Candidate(bearer.orElseGet(fromHeader::get));
  }

  private static String bearerToken(String authorization) {
    if (authorization.length() <= BEARER.length()
        || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return "";
    }
    return authorization.substring(BEARER.length()).strip();
  }
}
