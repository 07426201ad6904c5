package tech.eclips.workforce.breakers.entity;

import java.util.Arrays;
import java.util.Optional;
import tech.eclips.workforce.json.Coded;

/** A circuit breaker's state (CONTRACT §8). */
public enum CircuitState implements Coded {
  CLOSED("closed"),
  OPEN("open"),
  HALF_OPEN("half_open");

  private final String code;

  CircuitState(String code) {
    this.code = code;
  }

  /** The form on the wire and in the database (its CHECK constraint). */
  @Override
  public String code() {
    return code;
  }

  public static Optional<CircuitState> fromCode(String code) {
    return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
  }
}
