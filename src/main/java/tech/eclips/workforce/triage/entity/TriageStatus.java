package tech.eclips.workforce.triage.entity;

import java.util.Arrays;
import java.util.Optional;
import tech.eclips.workforce.json.Coded;

/** A triage item is open until a reviewer approves or rejects it (CONTRACT §6). */
public enum TriageStatus implements Coded {
  OPEN("open"),
  APPROVED("approved"),
  REJECTED("rejected");

  private final String code;

  TriageStatus(String code) {
    this.code = code;
  }

  /** The form on the wire and in the database (its CHECK constraint). */
  @Override
  public String code() {
    return code;
  }

  public static Optional<TriageStatus> fromCode(String code) {
    return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
  }
}
