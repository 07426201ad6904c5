package tech.eclips.workforce.runs.entity;

import java.util.Arrays;
import java.util.Optional;
import tech.eclips.workforce.json.Coded;

/**
 * Where a run is (CONTRACT §6): queued, running, then succeeded, awaiting review, failed or
 * rejected.
 */
public enum RunStatus implements Coded {
  QUEUED("queued"),
  RUNNING("running"),
  SUCCEEDED("succeeded"),
  AWAITING_REVIEW("awaiting_review"),
  FAILED("failed"),
  REJECTED("rejected");

  private final String code;

  RunStatus(String code) {
    this.code = code;
  }

  /** The form on the wire and in the database (its CHECK constraint). */
  @Override
  public String code() {
    return code;
  }

  public static Optional<RunStatus> fromCode(String code) {
    return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
  }
}
