package tech.eclips.workforce.json;

import java.util.Optional;
import java.util.UUID;

/** Path ids: anything that is not a UUID simply names nothing (404), never a 500. */
public final class Ids {

  private Ids() {}

  public static Optional<UUID> uuid(String text) {
    if (text == null || text.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
