package tech.eclips.workforce.runs.entity;

import java.util.Objects;
import java.util.UUID;

/**
 * An agent run's id: a value type where it meets other ids (a key's, a document's, a triage
 * item's).
 */
public record RunId(UUID value) {

  public RunId {
    Objects.requireNonNull(value, "run id");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
