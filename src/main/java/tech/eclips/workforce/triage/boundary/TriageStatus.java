package tech.eclips.workforce.triage.boundary;

import java.util.Set;
import tech.eclips.workforce.problems.control.Problems;

/** The {@code status} filter of a triage list. */
final class TriageStatus {

  private static final Set<String> KNOWN = Set.of("open", "approved", "rejected");

  private TriageStatus() {}

  /** The filter, or null for none; anything else is a 400. */
  static String checked(String status) {
    if (status == null || KNOWN.contains(status)) {
      return status;
    }
    throw Problems.invalidRequest("status", "must be open, approved or rejected");
  }
}
