package tech.eclips.workforce.audit.boundary;

import jakarta.json.JsonObject;
import java.time.OffsetDateTime;
import tech.eclips.workforce.audit.control.AuditFilter;
import tech.eclips.workforce.audit.control.AuditLog;
import tech.eclips.workforce.json.Page;

/** A page of the audit log, newest first, as both the key's and the console's list show it. */
final class AuditPages {

  private AuditPages() {}

  static JsonObject newestFirst(AuditLog log, Page page, AuditFilter filter) {
    // one retention cut-off for every batch of the page
    OffsetDateTime retained = log.retainedSince();
    return page.toJson(
        log.cursor(filter),
        (cursor, max) -> log.newestFirst(filter, retained, cursor, max),
        AuditJson::of);
  }
}
