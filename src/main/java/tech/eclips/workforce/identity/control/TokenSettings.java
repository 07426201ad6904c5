package tech.eclips.workforce.identity.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * What a console or platform token must match, read from the same MicroProfile Config properties
 * Liberty's MP-JWT feature reads, so the two checks can never disagree about key, issuer or
 * audience.
 */
public record TokenSettings(
    String issuer, Set<String> audiences, Optional<String> publicKey, Optional<String> location) {

  static final String ISSUER = "mp.jwt.verify.issuer";
  static final String AUDIENCES = "mp.jwt.verify.audiences";
  static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
  static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";

  public static TokenSettings from(Config config) {
    return new TokenSettings(
        text(config, ISSUER).orElse(""),
        text(config, AUDIENCES)
            .map(list -> Arrays.stream(list.split(",")))
            .orElseGet(java.util.stream.Stream::empty)
            .map(String::trim)
            .filter(a -> !a.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        text(config, PUBLIC_KEY),
        text(config, PUBLIC_KEY_LOCATION));
  }

  /** The properties a production server needs and lacks (empty: complete). */
  public List<String> missing() {
    List<String> missing = new ArrayList<>();
    if (issuer.isBlank()) {
      missing.add(ISSUER);
    }
    if (audiences.isEmpty()) {
      missing.add(AUDIENCES);
    }
    if (publicKey.isEmpty() && location.isEmpty()) {
      missing.add(PUBLIC_KEY_LOCATION + " (or " + PUBLIC_KEY + ")");
    }
    return missing;
  }

  private static Optional<String> text(Config config, String name) {
    return config.getOptionalValue(name, String.class).map(String::trim).filter(v -> !v.isEmpty());
  }
}
