package tech.eclips.workforce.bulkheads.control;

/**
 * What a bulkhead answered: a permit, or why not. Kept apart from how a refusal is answered (the
 * boundary maps it to a problem).
 */
public sealed interface Admission {

  /** Admitted; close the permit (once is enough, more is harmless) when the work is done. */
  record Admitted(Permit permit) implements Admission {}

  /** The org already uses its whole share of this pool: the org's own doing (429). */
  record OverOrgShare(Kind kind, int share) implements Admission {}

  /** The server's whole capacity for this pool is in use (503). */
  record OverCapacity(Kind kind, int capacity) implements Admission {}
}
