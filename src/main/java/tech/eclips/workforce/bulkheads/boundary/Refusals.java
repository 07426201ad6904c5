package tech.eclips.workforce.bulkheads.boundary;

import tech.eclips.workforce.bulkheads.control.Admission;
import tech.eclips.workforce.bulkheads.control.ConcurrencyCaps;
import tech.eclips.workforce.bulkheads.control.Kind;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.Problems;

/** How a bulkhead's refusal is answered: over the org's share 429, over the server's 503. */
final class Refusals {

  private Refusals() {}

  static ApiProblem problem(Admission refusal, Meters meters) {
    if (refusal instanceof Admission.OverOrgShare over) {
      meters.rateLimited("concurrency_" + over.kind().configName());
      return Problems.concurrencyLimited(
          what(over.kind()), over.share(), ConcurrencyCaps.RETRY_AFTER_SECONDS);
    }
    if (refusal instanceof Admission.OverCapacity over) {
      meters.rateLimited("capacity_" + over.kind().configName());
      return Problems.serverBusy(ConcurrencyCaps.RETRY_AFTER_SECONDS);
    }
    throw new IllegalArgumentException("an admission is not a refusal");
  }

  private static String what(Kind kind) {
    return switch (kind) {
      case UPLOADS -> "document uploads";
      case DOWNLOADS -> "document downloads";
      case ACCEPTS -> "run requests";
      case CONNECTIONS -> "requests using the database";
    };
  }
}
