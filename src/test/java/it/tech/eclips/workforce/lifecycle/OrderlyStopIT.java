package it.tech.eclips.workforce.lifecycle;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nothing acknowledged is lost on an orderly stop: the application is stopped while requests are in
 * flight, and afterwards every request it answered has its audit entry, every 429 it answered is
 * counted in a summary, and the keys' last use is recorded.
 */
@ExtendWith(Deployments.class)
class OrderlyStopIT {

  @Test
  void queuedAuditEntriesSummariesAndLastUseSurviveAStopUnderLoad() throws Exception {
    String org = Api.newOrg("enterprise");
    String reader = Api.newKey(org, "live", "runs:read");
    String limited =
        Api.newKey(
                org,
                "{\"name\":\"limited\",\"mode\":\"live\",\"scopes\":[\"runs:read\"],\"rate_limit_per_minute\":3}")
            .getString("key");
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger limitedAnswers = new AtomicInteger();
    AtomicInteger tooMany = new AtomicInteger();
    AtomicInteger lost = new AtomicInteger();
    AtomicBoolean stopped = new AtomicBoolean();
    List<CompletableFuture<Void>> load = new ArrayList<>();
    for (int worker = 0; worker < 4; worker++) {
      String key = worker == 0 ? limited : reader;
      load.add(
          CompletableFuture.runAsync(
              () -> {
                while (!stopped.get()) {
                  int status;
                  try {
                    status = get("/v1/agents/runs?limit=1", bearer(key)).status();
                  } catch (RuntimeException refused) {
                    lost.incrementAndGet();
                    continue;
                  }
                  if (status == 200) {
                    (key == limited ? limitedAnswers : answered).incrementAndGet();
                  } else if (status == 429) {
                    tooMany.incrementAndGet();
                  } else {
                    lost.incrementAndGet(); // the stopping server's answer, not the application's
                  }
                }
              }));
    }
    long deadline = System.currentTimeMillis() + 30_000;
    while (answered.get() < 30 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    Api.restartApplication();
    stopped.set(true);
    load.forEach(CompletableFuture::join);
    assertTrue(answered.get() >= 30, "the load reached the application: " + answered.get());
    assertTrue(tooMany.get() > 0, "the limited key was refused");

    assertTrue(Api.verifyAudit(org).getBoolean("valid"));
    // Every answer the client saw is audited. A request whose connection the restart cut, or that
    // the stopping server answered itself, may have been served and audited before (WildFly's
    // redeploy does that; Liberty drains in-flight requests, so there the counts are exact).
    long allowed = sum(org, "allowed", null);
    long denied = sum(org, "denied", "rate_limited");
    int seen = answered.get() + limitedAnswers.get();
    assertTrue(
        allowed >= seen && allowed + denied <= seen + tooMany.get() + lost.get(),
        "allowed audited " + allowed + ", answered " + seen + ", lost " + lost.get());
    assertTrue(
        denied >= tooMany.get() && denied <= tooMany.get() + lost.get(),
        "429s audited " + denied + ", answered " + tooMany.get() + ", lost " + lost.get());
    assertEquals(
        2,
        count(
            "SELECT count(*) FROM api_keys WHERE org_id = ?::uuid AND last_used_at IS NOT NULL",
            org));
  }

  /**
   * Occurrences of the org's GET entries with this outcome (and code), as the superuser sees them.
   */
  private static long sum(String org, String outcome, String code) throws Exception {
    return count(
        "SELECT coalesce(sum(occurrences), 0) FROM audit_log WHERE org_id = ?::uuid AND action LIKE 'GET %'"
            + " AND outcome = '"
            + outcome
            + "'"
            + (code == null ? "" : " AND code = '" + code + "'"),
        org);
  }

  private static long count(String sql, String org) throws Exception {
    try (Connection admin = TestDatabase.asAdmin();
        PreparedStatement query = admin.prepareStatement(sql)) {
      query.setString(1, org);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
