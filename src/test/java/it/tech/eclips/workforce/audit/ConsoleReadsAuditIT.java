package it.tech.eclips.workforce.audit;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Console reads are audited (CONTRACT §9, issue 20): each read of the audit log (a page, an export,
 * a verify), of the key list and of the triage queue leaves exactly one entry, with the console
 * user as actor, whatever the page holds; a read the API refuses (400) leaves none. The same reads
 * with an API key on /v1 are audited as before: one entry per request, named after the endpoint,
 * with the key as actor, and no console entry.
 */
@ExtendWith(Deployments.class)
class ConsoleReadsAuditIT {

  @Test
  void everyConsoleReadLeavesExactlyOneEntryWithTheUserAsActor() throws Exception {
    String org = Api.newOrg("team");
    Api.newKey(org, "live", "runs:read");
    String member = Api.orgToken(org, "org_member");
    String user = "org_member@" + org;
    get("/console/v1/audit-log?limit=1", bearer(member)).expect(200);
    get("/console/v1/audit-log/export?format=csv", bearer(member)).expect(200);
    get("/console/v1/audit-log/verify", bearer(member)).expect(200);
    get("/console/v1/api-keys", bearer(member)).expect(200);
    get("/console/v1/triage-items", bearer(member)).expect(200);
    get("/console/v1/audit-log?limit=0", bearer(member)).expect(400);
    get("/console/v1/audit-log/export?format=xml", bearer(member)).expect(400);
    get("/console/v1/audit-log/verify?limit=0", bearer(member)).expect(400);
    get("/console/v1/api-keys?limit=101", bearer(member)).expect(400);
    get("/console/v1/triage-items?status=nonsense", bearer(member)).expect(400);

    for (String action :
        List.of(
            "audit_log.listed",
            "audit_log.exported",
            "audit_log.verified",
            "api_key.listed",
            "triage_item.listed")) {
      assertEquals(1, entries(org, action, "user", user), action + " by the console user");
      assertEquals(1, entries(org, action, null, null), action + " at all");
    }
  }

  @Test
  void anApiKeysReadOnV1IsAuditedAsBeforeAndNeverAsAConsoleRead() throws Exception {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "audit:read", "triage:read");
    String keyId = id(org);
    get("/v1/audit-log", bearer(key)).expect(200);
    get("/v1/triage-items", bearer(key)).expect(200);
    Api.verifyAudit(org); // writes the org's queued /v1 entries; itself one console entry
    assertEquals(1, entries(org, "GET /v1/audit-log", "api_key", keyId));
    assertEquals(1, entries(org, "GET /v1/triage-items", "api_key", keyId));
    for (String console : List.of("audit_log.listed", "triage_item.listed")) {
      assertEquals(0, entries(org, console, null, null), console);
    }
    assertEquals(1, entries(org, "audit_log.verified", "user", "org_admin@" + org));
  }

  private static String id(String org) throws Exception {
    try (Connection admin = TestDatabase.asAdmin()) {
      return Catalog.strings(admin, "SELECT id::text FROM api_keys WHERE org_id = '" + org + "'")
          .get(0);
    }
  }

  /** Entries of the org with this action (and this actor, if given). */
  private static long entries(String org, String action, String actorType, String actorId)
      throws Exception {
    try (Connection admin = TestDatabase.asAdmin()) {
      return Catalog.count(
          admin,
          "SELECT count(*) FROM audit_log WHERE org_id = '"
              + org
              + "' AND action = '"
              + action
              + "'"
              + (actorType == null
                  ? ""
                  : " AND actor_type = '" + actorType + "' AND actor_id = '" + actorId + "'"));
    }
  }
}
