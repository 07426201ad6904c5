package tech.eclips.workforce.audit.entity;

import java.util.Arrays;
import java.util.Optional;
import tech.eclips.workforce.json.Coded;

/**
 * What came of an audited act (the {@code outcome} CHECK constraint of db-migrations/V1). The code
 * is hashed into the chain, so it never changes.
 */
public enum AuditOutcome implements Coded {
  ALLOWED("allowed"),
  DENIED("denied"),
  FAILED("failed");

  private final String code;

  AuditOutcome(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  public static Optional<AuditOutcome> fromCode(String code) {
    return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
  }
}
