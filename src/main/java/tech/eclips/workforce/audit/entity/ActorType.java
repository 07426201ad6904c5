package tech.eclips.workforce.audit.entity;

import java.util.Arrays;
import java.util.Optional;
import tech.eclips.workforce.json.Coded;

/**
 * Who an audit entry's actor is (the {@code actor_type} CHECK constraint of db-migrations/V1). The
 * code is hashed into the chain, so it never changes.
 */
public enum ActorType implements Coded {
  API_KEY("api_key"),
  USER("user"),
  SYSTEM("system");

  private final String code;

  ActorType(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  public static Optional<ActorType> fromCode(String code) {
    return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
  }
}
