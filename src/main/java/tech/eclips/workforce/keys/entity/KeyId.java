package tech.eclips.workforce.keys.entity;

import java.util.Objects;
import java.util.UUID;

/** An API key's id: a value type where it meets other ids (a run's, a document's). */
public record KeyId(UUID value) {

  public KeyId {
    Objects.requireNonNull(value, "key id");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
