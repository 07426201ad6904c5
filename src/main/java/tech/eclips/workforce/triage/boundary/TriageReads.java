package tech.eclips.workforce.triage.boundary;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.triage.control.TriageQueue;
import tech.eclips.workforce.triage.entity.TriageItem;
import tech.eclips.workforce.triage.entity.TriageStatus;

/**
 * The reads both triage APIs share; they differ only in the mode they may see ({@code null}: both,
 * for console users).
 */
@Dependent
class TriageReads {

  @Inject TriageQueue queue;

  JsonObject list(Boolean livemode, String status, String limit, String startingAfter) {
    Page page = Page.of(limit);
    TriageStatus only = only(status);
    return page.toJson(
        queue.cursor(startingAfter, livemode),
        (cursor, max) -> queue.page(livemode, only, cursor, max),
        TriageJson::of);
  }

  /** The {@code status} filter, or null for none; anything else is a 400. */
  private static TriageStatus only(String status) {
    return status == null
        ? null
        : TriageStatus.fromCode(status)
            .orElseThrow(
                () -> Problems.invalidRequest("status", "must be open, approved or rejected"));
  }

  String item(String id, Boolean livemode) {
    TriageItem item = queue.find(id, livemode);
    return TriageJson.withOutput(item, queue.runOutput(item.runId()));
  }
}
