package it.tech.eclips.workforce.runs;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs left queued or running by a stop are picked up again. */
@ExtendWith(Deployments.class)
class RecoveryIT {

  @Test
  void unfinishedRunsAreRelaunched() throws Exception {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "test", "runs:read");
    Api.trustFully(org);
    UUID queued = UUID.randomUUID();
    UUID running = UUID.randomUUID();
    try (Connection admin = TestDatabase.asAdmin();
        Statement sql = admin.createStatement()) {
      for (UUID id : new UUID[] {queued, running}) {
        sql.executeUpdate(
            "INSERT INTO agent_runs (org_id, id, agent_type, status, livemode, input, created_at) VALUES ('"
                + org
                + "', '"
                + id
                + "', 'document_classifier', '"
                + (id == queued ? "queued" : "running")
                + "', false, '{\"text\":\"purchase order with ship to address\"}', now() - interval '1 hour')");
      }
    }
    post("/platform/v1/maintenance/run-recovery", null, bearer(Api.platformToken())).expect(200);
    assertEquals("succeeded", Api.awaitRun(key, queued.toString()).getString("status"));
    assertEquals(
        "purchase_order",
        Api.awaitRun(key, running.toString()).getJsonObject("output").getString("label"));
  }
}
