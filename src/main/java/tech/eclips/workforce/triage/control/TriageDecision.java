package tech.eclips.workforce.triage.control;

import java.util.Arrays;
import java.util.Optional;
import tech.eclips.workforce.runs.entity.RunStatus;
import tech.eclips.workforce.triage.entity.TriageStatus;

/** A reviewer's decision and what it makes of the item and its run (CONTRACT §6). */
public enum TriageDecision {
  APPROVE(TriageStatus.APPROVED, RunStatus.SUCCEEDED),
  REJECT(TriageStatus.REJECTED, RunStatus.REJECTED);

  private final TriageStatus itemStatus;
  private final RunStatus runStatus;

  TriageDecision(TriageStatus itemStatus, RunStatus runStatus) {
    this.itemStatus = itemStatus;
    this.runStatus = runStatus;
  }

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public TriageStatus itemStatus() {
    return itemStatus;
  }

  public RunStatus runStatus() {
    return runStatus;
  }

  public static Optional<TriageDecision> fromCode(String code) {
    return Arrays.stream(values()).filter(d -> d.code().equals(code)).findFirst();
  }
}
