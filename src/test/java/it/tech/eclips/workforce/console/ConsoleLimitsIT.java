package it.tech.eclips.workforce.console;

import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.eclips.workforce.tools.DevTokens;

/**
 * CONTRACT §11: console and platform APIs are limited per user and per org (defaults: 300 per user
 * and 600 per org a minute on the console, 300 per platform user), with the RateLimit fields; audit
 * scans (verify, export) and filtered audit queries have their own, lower per-org limits (6 and 60
 * a minute); one verify call checks a bounded number of entries and says where to continue. Every
 * window is a fixed minute that starts with its subject's first request, and each test uses its own
 * users and orgs and finishes well inside a minute, so the counts are exact.
 */
@ExtendWith(Deployments.class)
class ConsoleLimitsIT {

  private static final int AUDIT_SCANS = 6;
  private static final int AUDIT_QUERIES = 60;

  private static String user(String org, String group) {
    return DevTokens.mint(
        group + "-" + UUID.randomUUID() + "@" + org,
        List.of(group),
        org,
        Instant.now().plusSeconds(3600));
  }

  /** The quota the RateLimit-Policy field names for a policy (the suite raises the defaults). */
  private static int quota(Reply reply, String policy) {
    Matcher q =
        Pattern.compile("\"" + policy + "\";q=(\\d+);w=60")
            .matcher(reply.header("RateLimit-Policy"));
    assertTrue(q.find(), () -> policy + " in " + reply.header("RateLimit-Policy"));
    return Integer.parseInt(q.group(1));
  }

  /** {@code count} GETs on eight threads, each of which must answer 200. */
  private static void burst(int count, String path, String token) {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        statuses.add(pool.submit(() -> get(path, bearer(token)).status()));
      }
      for (Future<Integer> status : statuses) {
        assertEquals(200, status.get());
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aUsersBurstIs429AfterItsLimitWhileAnotherOrgsUserIsServed() {
    String org = Api.newOrg("team");
    String admin = user(org, "org_admin");
    Reply first = get("/console/v1/me", bearer(admin)).expect(200);
    int perUser = quota(first, "per-user");
    int perOrg = quota(first, "per-org");
    assertTrue(perUser < perOrg, first.header("RateLimit-Policy"));
    assertEquals(
        "\"per-user\";q=" + perUser + ";w=60, \"per-org\";q=" + perOrg + ";w=60",
        first.header("RateLimit-Policy"));
    assertTrue(
        first
            .header("RateLimit")
            .matches(
                "\"per-user\";r="
                    + (perUser - 1)
                    + ";t=\\d+, \"per-org\";r="
                    + (perOrg - 1)
                    + ";t=\\d+"),
        first.header("RateLimit"));
    burst(perUser - 1, "/console/v1/me", admin);

    Reply limited = get("/console/v1/api-keys", bearer(admin)).expect(429);
    assertEquals("rate_limited", limited.code());
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, () -> "Retry-After " + retryAfter);
    assertEquals("\"per-user\";q=" + perUser + ";w=60", limited.header("RateLimit-Policy"));
    assertTrue(limited.header("RateLimit").startsWith("\"per-user\";r=0;t="));

    String otherOrg = Api.newOrg("team");
    get("/console/v1/me", bearer(user(otherOrg, "org_admin"))).expect(200);
    // the same org's other people have the org's remaining share
    get("/console/v1/me", bearer(user(org, "org_member"))).expect(200);
  }

  @Test
  void anOrgsPeopleShareTheOrgsLimit() {
    String org = Api.newOrg("enterprise");
    String member = user(org, "org_member");
    Reply first = get("/console/v1/credits", bearer(member)).expect(200);
    int perUser = quota(first, "per-user");
    int left = quota(first, "per-org") - 1;
    burst(Math.min(perUser - 1, left), "/console/v1/credits", member);
    left -= Math.min(perUser - 1, left);
    while (left > 0) {
      int share = Math.min(perUser, left);
      burst(share, "/console/v1/credits", user(org, "org_member"));
      left -= share;
    }
    Reply limited = get("/console/v1/me", bearer(user(org, "org_admin"))).expect(429);
    assertEquals("rate_limited", limited.code());
    assertNotNull(limited.header("Retry-After"));
    assertTrue(
        limited
            .header("RateLimit")
            .matches("\"per-user\";r=" + (perUser - 1) + ";t=\\d+, \"per-org\";r=0;t=\\d+"),
        limited.header("RateLimit"));
    get("/console/v1/me", bearer(user(Api.newOrg("team"), "org_member"))).expect(200);
  }

  @Test
  void auditScansHaveTheirOwnLowerLimitAndPlainPagesDoNotCount() {
    String org = Api.newOrg("team");
    String member = user(org, "org_member");
    for (int i = 0; i < AUDIT_SCANS / 2; i++) {
      get("/console/v1/audit-log/verify", bearer(member)).expect(200);
      get("/console/v1/audit-log/export", bearer(member)).expect(200);
    }
    Reply verify = get("/console/v1/audit-log/verify", bearer(user(org, "org_admin"))).expect(429);
    assertEquals("rate_limited", verify.code());
    assertNotNull(verify.header("Retry-After"));
    assertTrue(verify.header("RateLimit-Policy").endsWith("\"audit-scans\";q=6;w=60"));
    assertTrue(verify.header("RateLimit").contains("\"audit-scans\";r=0;t="));
    get("/console/v1/audit-log/export?format=csv", bearer(member)).expect(429);
    // a plain page is no scan, and another org's scans are its own
    Reply page = get("/console/v1/audit-log?limit=5", bearer(member)).expect(200);
    assertFalse(page.header("RateLimit-Policy").contains("audit-scans"));
    get("/console/v1/audit-log/verify", bearer(user(Api.newOrg("team"), "org_member"))).expect(200);
  }

  @Test
  void filteredAuditQueriesOfTheConsoleAndTheKeysShareTheirOrgsLowerLimit() {
    String org = Api.newOrg("team");
    String member = user(org, "org_member");
    String key = Api.newKey(org, "live", "audit:read");
    for (int i = 0; i < AUDIT_QUERIES / 2; i++) {
      get("/console/v1/audit-log?action=api_key.created", bearer(member)).expect(200);
      Reply v1 = get("/v1/audit-log?from=2026-01-01T00:00:00Z", bearer(key)).expect(200);
      if (i == 0) {
        assertTrue(
            v1.header("RateLimit-Policy")
                .startsWith("\"per-key\";q=60;w=60, \"audit-queries\";q=60;w=60, \"credits\";q="),
            v1.header("RateLimit-Policy"));
      }
    }
    assertEquals("rate_limited", get("/v1/audit-log?action=x", bearer(key)).expect(429).code());
    Reply console = get("/console/v1/audit-log?to=2030-01-01T00:00:00Z", bearer(member));
    console.expect(429);
    assertTrue(console.header("RateLimit").contains("\"audit-queries\";r=0;t="));
    get("/console/v1/audit-log", bearer(member)).expect(200);
  }

  @Test
  void verifyOfALogLongerThanOneCallAnswersInPartsWithAContinuation() {
    String org = Api.newOrg("team");
    String key = Api.newKey(org, "live", "runs:read");
    for (int i = 0; i < 20; i++) {
      get("/v1/me", bearer(key)).expect(200);
    }
    String admin = user(org, "org_admin");
    JsonObject whole = Api.get("/console/v1/audit-log/verify", bearer(admin)).expect(200).json();
    assertTrue(whole.getBoolean("valid") && whole.getBoolean("complete"), whole::toString);
    int total = whole.getInt("entries_checked");
    assertTrue(total > 20, whole::toString);
    assertEquals(400, get("/console/v1/audit-log/verify?limit=0", bearer(admin)).status());
    assertEquals(400, get("/console/v1/audit-log/verify?after_seq=-1", bearer(admin)).status());

    // the first call adds an entry and the second another (each verify is audited before its
    // walk): the second part must hold what is left, total + 2 - part, with room to spare, since a
    // walk that fills its limit exactly cannot tell it reached the end
    int part = total / 2 + 2;
    JsonObject first =
        get("/console/v1/audit-log/verify?limit=" + part, bearer(admin)).expect(200).json();
    assertTrue(first.getBoolean("valid"), first::toString);
    assertFalse(first.getBoolean("complete"), first::toString);
    assertEquals(part, first.getInt("entries_checked"));
    assertEquals(part, first.getInt("next_after_seq"));
    JsonObject rest =
        get(
                "/console/v1/audit-log/verify?limit="
                    + part
                    + "&after_seq="
                    + first.getInt("next_after_seq"),
                bearer(admin))
            .expect(200)
            .json();
    assertTrue(rest.getBoolean("valid") && rest.getBoolean("complete"), rest::toString);
    assertTrue(rest.isNull("next_after_seq"), rest::toString);
    // each verify call is audited before its walk: two more entries since the whole one
    assertEquals(total + 2, part + rest.getInt("entries_checked"));
  }

  @Test
  void platformUsersAreLimitedEachOnTheirOwn() {
    String org = Api.newOrg("team");
    String operator =
        DevTokens.mint(
            "burst-operator-" + UUID.randomUUID(),
            List.of("platform_admin"),
            null,
            Instant.now().plusSeconds(3600));
    Reply first = get("/platform/v1/orgs/" + org, bearer(operator)).expect(200);
    int perUser = quota(first, "per-user");
    assertEquals("\"per-user\";q=" + perUser + ";w=60", first.header("RateLimit-Policy"));
    burst(perUser - 1, "/platform/v1/orgs/" + org, operator);
    Reply limited = get("/platform/v1/orgs/" + org, bearer(operator)).expect(429);
    assertEquals("rate_limited", limited.code());
    assertNotNull(limited.header("Retry-After"));
    get("/platform/v1/orgs/" + org, bearer(Api.platformToken())).expect(200);
  }
}
