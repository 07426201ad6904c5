package tech.eclips.workforce.triage.control;

import java.util.Arrays;
import java.util.Optional;

/** A reviewer's decision and what it makes of the item and its run (CONTRACT §6). */
public enum TriageDecision {
  APPROVE("approved", "succeeded"),
  REJECT("rejected", "rejected");

  private final String itemStatus;
  private final String runStatus;

  TriageDecision(String itemStatus, String runStatus) {
    this.itemStatus = itemStatus;
    this.runStatus = runStatus;
  }

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public String itemStatus() {
    return itemStatus;
  }

  public String runStatus() {
    return runStatus;
  }

  public static Optional<TriageDecision> fromCode(String code) {
    return Arrays.stream(values()).filter(d -> d.code().equals(code)).findFirst();
  }
}
