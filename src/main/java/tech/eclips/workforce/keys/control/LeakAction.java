package tech.eclips.workforce.keys.control;

import java.util.Arrays;
import java.util.Optional;

/** What a verified leak report does to a key of the org (its setting, quarantine by default). */
public enum LeakAction {
  QUARANTINE("quarantine"),
  REVOKE("revoke");

  private final String code;

  LeakAction(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<LeakAction> fromCode(String code) {
    return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst();
  }
}
