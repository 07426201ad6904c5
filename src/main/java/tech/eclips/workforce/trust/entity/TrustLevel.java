package tech.eclips.workforce.trust.entity;

import java.util.Arrays;
import java.util.Optional;

/** How much of an agent's work goes to a human first (CONTRACT §8), least trusted first. */
public enum TrustLevel {
  SUPERVISED,
  GUARDED,
  AUTONOMOUS;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<TrustLevel> fromCode(String code) {
    return Arrays.stream(values()).filter(l -> l.code().equals(code)).findFirst();
  }

  /** One level up, or this one at the top. */
  public TrustLevel up() {
    return this == SUPERVISED ? GUARDED : AUTONOMOUS;
  }

  /** One level down, or this one at the bottom. */
  public TrustLevel down() {
    return this == AUTONOMOUS ? GUARDED : SUPERVISED;
  }
}
