package tech.eclips.workforce.keys.entity;

import java.util.Arrays;
import java.util.Optional;

/**
 * Live keys act on real data and are charged; test keys run in test mode ({@code livemode=false}).
 */
public enum KeyMode {
  LIVE("live"),
  TEST("test");

  private final String code;

  KeyMode(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public String prefix() {
    return "eck_" + code + "_";
  }

  public boolean livemode() {
    return this == LIVE;
  }

  public static Optional<KeyMode> fromCode(String code) {
    return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
  }
}
