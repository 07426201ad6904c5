package it.tech.eclips.workforce.console;

import static it.tech.eclips.workforce.harness.Api.awaitRun;
import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console page over plain HTTP: it loads without a token and with its security headers, only
 * its own files exist, and the API next to it still needs a token. Also the two endpoints the page
 * added: who the token is, and this period's use by day.
 */
@ExtendWith(Deployments.class)
class ConsolePageIT {

  @Test
  void thePageLoadsWithoutATokenUnderAStrictPolicy() {
    for (String path : List.of("/console", "/console?from=a-bookmark")) {
      Reply page = get(path);
      assertEquals(200, page.status(), path + ": " + page.body());
      assertTrue(page.header("Content-Type").startsWith("text/html"), path);
      assertTrue(page.body().contains("src=\"/console/assets/console.js\""), path);
      String policy = page.header("Content-Security-Policy");
      assertNotNull(policy, path);
      assertTrue(policy.contains("script-src 'self';"), policy);
      assertTrue(policy.contains("frame-ancestors 'none'"), policy);
      assertTrue(policy.contains("default-src 'none'"), policy);
      assertFalse(policy.contains("unsafe"), policy);
      assertEquals("DENY", page.header("X-Frame-Options"));
      assertEquals("nosniff", page.header("X-Content-Type-Options"));
      assertEquals("no-referrer", page.header("Referrer-Policy"));
      assertEquals(null, page.header("WWW-Authenticate"));
    }
  }

  @Test
  void onlyTheConsolesOwnFilesAreServed() {
    Reply script = get("/console/assets/console.js").expect(200);
    assertTrue(script.header("Content-Type").startsWith("text/javascript"));
    assertTrue(
        get("/console/assets/console.css")
            .expect(200)
            .header("Content-Type")
            .startsWith("text/css"));
    get("/console/assets/console.js", "If-None-Match", script.header("ETag")).expect(304);
    for (String path :
        List.of(
            "/console/assets/nothing.js",
            "/console/assets/index.html",
            "/console/assets/",
            "/console/other",
            "/WEB-INF/console/console.js",
            "/WEB-INF/web.xml")) {
      Reply missing = get(path);
      assertEquals(404, missing.status(), path);
      assertTrue(missing.header("Content-Type").startsWith("application/problem+json"), path);
    }
    Reply posted = post("/console", "{}");
    assertEquals(405, posted.status());
    assertTrue(posted.header("Content-Type").startsWith("application/problem+json"));
  }

  @Test
  void theApiBesideThePageStillNeedsAToken() {
    for (String path : List.of("/console/v1/me", "/console/v1/api-keys", "/console/v1")) {
      Reply refused = get(path);
      assertEquals(401, refused.status(), path);
      assertEquals("Bearer realm=\"eclips\"", refused.header("WWW-Authenticate"), path);
    }
  }

  @Test
  void meNamesTheUserTheirRolesAndTheirOrg() {
    String org = Api.newOrg("team");
    JsonObject admin = get("/console/v1/me", bearer(orgToken(org, "org_admin"))).expect(200).json();
    assertEquals("console_user", admin.getString("object"));
    assertEquals("org_admin@" + org, admin.getString("subject"));
    assertEquals(
        List.of("org_admin"),
        admin.getJsonArray("roles").getValuesAs(v -> v.toString().replace("\"", "")));
    assertEquals(org, admin.getJsonObject("org").getString("id"));
    assertEquals("team", admin.getJsonObject("org").getString("plan"));
    JsonObject member =
        get("/console/v1/me", bearer(orgToken(org, "org_member"))).expect(200).json();
    assertEquals("[\"org_member\"]", member.getJsonArray("roles").toString());
    assertEquals(403, get("/console/v1/me", bearer(Api.platformToken())).status());
    Reply noSuchOrg =
        get(
            "/console/v1/me",
            bearer(orgToken(java.util.UUID.randomUUID().toString(), "org_admin")));
    assertEquals(403, noSuchOrg.status(), noSuchOrg.body());
  }

  @Test
  void usageHasEveryDayOfThePeriodAndAddsUpToWhatWasUsed() {
    String org = Api.newOrg("enterprise");
    String key = Api.newKey(org, "test", "runs:read", "runs:write");
    for (int i = 0; i < 3; i++) {
      String run =
          post(
                  "/v1/agents/runs",
                  "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"invoice "
                      + i
                      + "\"}}",
                  bearer(key))
              .expect(202)
              .json()
              .getString("id");
      awaitRun(key, run);
    }
    String member = orgToken(org, "org_member");
    JsonObject usage = get("/console/v1/credits/usage", bearer(member)).expect(200).json();
    JsonObject credits = get("/console/v1/credits", bearer(member)).expect(200).json();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonArray days = usage.getJsonArray("days");
    assertEquals("credit_usage", usage.getString("object"));
    assertEquals(
        today.withDayOfMonth(1).toString(), usage.getJsonObject("period").getString("start"));
    assertEquals(today.getDayOfMonth(), days.size());
    for (int i = 0; i < days.size(); i++) {
      assertEquals(today.withDayOfMonth(i + 1).toString(), days.getJsonObject(i).getString("date"));
    }
    long debited =
        days.stream().mapToLong(d -> d.asJsonObject().getJsonNumber("debited").longValue()).sum();
    long refunded =
        days.stream().mapToLong(d -> d.asJsonObject().getJsonNumber("refunded").longValue()).sum();
    long used = credits.getJsonNumber("used").longValue();
    assertTrue(used > 0);
    assertEquals(used, debited - refunded);
    assertEquals(used, days.getJsonObject(days.size() - 1).getJsonNumber("debited").longValue());
    assertEquals(used, usage.getJsonNumber("used").longValue());
  }
}
