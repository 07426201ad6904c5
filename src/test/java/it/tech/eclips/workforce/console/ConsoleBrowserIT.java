package it.tech.eclips.workforce.console;

import static it.tech.eclips.workforce.harness.Api.awaitRun;
import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The org console end to end in headless Chromium against the real server and PostgreSQL: what a
 * person clicks, and what the API then says about it. Screenshots go to target/console-screenshots.
 */
@ExtendWith(Deployments.class)
class ConsoleBrowserIT {

  private static final String CLASSIFY =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"purchase order\"}}";

  /** A failed test leaves a screenshot and what the page said, to see why. */
  @RegisterExtension
  static final TestWatcher EVIDENCE =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (chromium != null) {
            chromium.screenshot("FAILED-" + context.getRequiredTestMethod().getName());
            System.err.println(
                "console page at failure: url="
                    + chromium.driver.getCurrentUrl()
                    + " status="
                    + screen.byId("status").getText()
                    + " alert="
                    + screen.alert()
                    + " browser console="
                    + chromium.consoleMessages());
          }
        }
      };

  private static Chromium chromium;
  private static ConsoleScreen screen;
  private static String org;
  private static String admin;
  private static String runner;

  @BeforeAll
  static void start() {
    chromium = Chromium.startOrSkip();
    screen = new ConsoleScreen(chromium.driver);
    org = Api.newOrg("enterprise");
    admin = orgToken(org, "org_admin");
    runner = Api.newKey(org, "test", "runs:read", "runs:write");
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
  }

  /** No script error and no Content Security Policy violation, whatever a test did. */
  @AfterEach
  void theConsoleStayedClean() {
    List<String> broken =
        chromium.consoleMessages().stream()
            .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught"))
            .toList();
    assertEquals(List.of(), broken);
  }

  @Test
  void aNewKeyIsShownExactlyOnceAndRevokingItLocksItOut() {
    assertTrue(screen.signIn(admin).contains("org admin"));
    chromium.screenshot("01-keys-signed-in-as-admin");

    screen.type("key-name", "browser key");
    screen.byId("scope-runs-read").click();
    screen.byId("create-key-button").click();
    String key = screen.visible("new-key-value").getText();
    assertTrue(key.startsWith("eck_test_"), key);
    WebElement copy = screen.byId("copy-key");
    assertTrue(copy.isDisplayed() && copy.isEnabled());
    copy.click();
    screen.until(
        d -> {
          String said = screen.byId("status").getText();
          return said.contains("clipboard") || said.contains("selected") ? said : null;
        });
    chromium.screenshot("02-keys-new-key-shown-once");
    get("/v1/me", bearer(key)).expect(200);
    assertFalse(screen.keyRow("browser key").getText().contains(key), "the list shows the hint");

    screen.go("credits");
    screen.go("keys");
    assertFalse(screen.shown("new-key"));
    assertFalse(screen.source().contains(key), "gone after navigating away and back");

    chromium.driver.navigate().refresh();
    screen.visible("who-text");
    screen.keyRow("browser key");
    assertFalse(screen.source().contains(key), "gone after a reload");
    assertFalse(screen.storage().contains(key), "never kept in web storage");
    assertTrue(screen.storage().contains("eclips.console.token"), "the token is, for this tab");

    // rotating shows the successor once and kills the key at once
    screen.keyRow("browser key").findElement(By.cssSelector("[data-action=rotate]")).click();
    screen.visible("confirm");
    screen.byId("confirm-yes").click();
    screen.status("rotated");
    String successor = screen.visible("new-key-value").getText();
    assertTrue(successor.startsWith("eck_test_") && !successor.equals(key), successor);
    assertEquals(401, get("/v1/me", bearer(key)).status(), "the rotated key is dead");
    get("/v1/me", bearer(successor)).expect(200);
    key = successor;
    screen.until(d -> screen.keyRows("browser key").size() == 2); // the list shows both now

    // the newest row of that name is the successor (rotation keeps the name)
    screen.keyRow("browser key").findElement(By.cssSelector("[data-action=revoke]")).click();
    screen.visible("confirm");
    chromium.screenshot("03-keys-confirm-revoke");
    screen.byId("confirm-yes").click();
    screen.status("revoked");
    assertFalse(screen.source().contains(key), "a revoke clears any key still shown");
    screen.until(
        d ->
            screen
                .keyRow("browser key")
                .findElement(By.cssSelector("[data-field=status]"))
                .getText()
                .startsWith("revoked"));
    chromium.screenshot("04-keys-revoked");

    Reply refused = get("/v1/me", bearer(key));
    assertEquals(401, refused.status(), refused.body());
    assertEquals("invalid_api_key", refused.code());
  }

  @Test
  void anAdminEditsDisablesEnablesAndRotatesAKeyWithAGracePeriod() {
    JsonObject created =
        Api.newKey(
            org,
            "{\"name\":\"lifecycle key\",\"mode\":\"test\",\"scopes\":[\"runs:read\"],"
                + "\"rate_limit_per_minute\":30}");
    String secret = created.getString("key");
    String id = created.getString("id");
    screen.signIn(admin);

    // edit: name, a scope more, a lower limit
    screen.keyRow("lifecycle key").findElement(By.cssSelector("[data-action=edit]")).click();
    screen.visible("edit-key");
    assertEquals("lifecycle key", screen.byId("edit-name").getDomProperty("value"));
    assertEquals("30", screen.byId("edit-rate").getDomProperty("value"));
    screen.type("edit-name", "edited key");
    screen.byId("edit-scope-audit-read").click();
    screen.type("edit-rate", "20");
    chromium.screenshot("05-keys-edit");
    screen.byId("edit-save").click();
    screen.status("changed");
    assertFalse(screen.shown("edit-key"));
    JsonObject edited = get("/console/v1/api-keys/" + id, bearer(admin)).expect(200).json();
    assertEquals("edited key", edited.getString("name"));
    assertEquals(20, edited.getInt("rate_limit_per_minute"));
    assertTrue(edited.getJsonArray("scopes").toString().contains("audit:read"), edited::toString);
    get("/v1/audit-log", bearer(secret)).expect(200); // the new scope works at once

    // disable, and the key is refused; enable, and it works again
    clickInRow("edited key", "disable");
    screen.visible("confirm");
    screen.byId("confirm-yes").click();
    screen.status("disabled");
    assertEquals("api_key_disabled", get("/v1/me", bearer(secret)).expect(401).code());
    screen.until(
        d ->
            screen
                .keyRow("edited key")
                .findElement(By.cssSelector("[data-field=status]"))
                .getText()
                .startsWith("disabled"));
    chromium.screenshot("06-keys-disabled");
    clickInRow("edited key", "enable");
    // not "enabled": the disable message before it ends "refused until enabled."
    screen.status("It works again");
    get("/v1/me", bearer(secret)).expect(200);
    // the list is drawn again after the status line: wait for the row that is no longer disabled
    screen.until(
        d ->
            !screen
                .keyRow("edited key")
                .findElement(By.cssSelector("[data-field=status]"))
                .getText()
                .startsWith("disabled"));

    // rotate with a grace period: both keys work, the old row says until when
    clickInRow("edited key", "rotate");
    screen.visible("confirm");
    assertTrue(screen.shown("grace"));
    new Select(screen.byId("grace")).selectByValue("3600");
    screen.byId("confirm-yes").click();
    screen.status("rotated");
    String successor = screen.visible("new-key-value").getText();
    assertTrue(successor.startsWith("eck_test_") && !successor.equals(secret), successor);
    get("/v1/me", bearer(secret)).expect(200);
    get("/v1/me", bearer(successor)).expect(200);
    screen.until(d -> screen.keyRows("edited key").size() == 2);
    WebElement old = screen.keyRows("edited key").get(1);
    assertTrue(
        old.findElement(By.cssSelector("[data-field=status]")).getText().contains("works until"),
        old.getText());
    assertTrue(old.findElements(By.cssSelector("[data-action=rotate]")).isEmpty());
    chromium.screenshot("07-keys-rotated-with-grace");
  }

  /**
   * Clicks a row's action once the list has settled: a row drawn again between finding and clicking
   * is stale, and the wait (which ignores stale elements) finds it anew.
   */
  private void clickInRow(String name, String action) {
    screen.until(
        d -> {
          screen.keyRow(name).findElement(By.cssSelector("[data-action=" + action + "]")).click();
          return true;
        });
  }

  /**
   * Issue 25: a key's Usage shows its last 24 hours from the rollup, and the scopes it used in 30
   * days; one click (and the confirmation) narrows it through the key's PATCH.
   */
  @Test
  void anAdminSeesAKeysUsageAndNarrowsItToTheScopesItUsed() {
    JsonObject created =
        Api.newKey(
            org,
            "{\"name\":\"usage key\",\"mode\":\"test\",\"scopes\":[\"runs:read\",\"triage:read\"]}");
    String secret = created.getString("key");
    String id = created.getString("id");
    for (int i = 0; i < 3; i++) {
      get("/v1/agents/runs?limit=1", bearer(secret)).expect(200);
    }
    screen.until(
        d ->
            get("/console/v1/api-keys/" + id + "/usage", bearer(admin))
                    .expect(200)
                    .json()
                    .getJsonObject("totals")
                    .getInt("allowed")
                == 3);
    screen.signIn(admin);
    screen.keyRow("usage key").findElement(By.cssSelector("[data-usage]")).click();
    screen.visible("key-usage");
    screen.until(d -> screen.byId("key-usage-summary").getText().contains("3 allowed"));
    assertTrue(
        screen.byId("key-usage-scopes").getText().contains("Never used: triage:read"),
        () -> screen.byId("key-usage-scopes").getText());
    assertEquals(24, screen.all("#key-usage-chart rect.usage-ok").size());
    chromium.screenshot("09-key-usage");
    screen.byId("key-usage-apply").click();
    screen.visible("confirm");
    screen.byId("confirm-yes").click();
    screen.status("now has runs:read");
    JsonObject narrowed = get("/console/v1/api-keys/" + id, bearer(admin)).expect(200).json();
    assertEquals("[\"runs:read\"]", narrowed.getJsonArray("scopes").toString());
  }

  @Test
  void theKeyboardAloneSignsInAndMovesBetweenViews() {
    screen.open();
    screen.pressUntilFocused(Keys.TAB, "token");
    screen.focused().sendKeys(admin);
    screen.press(Keys.TAB);
    assertEquals("sign-in-button", screen.focused().getDomAttribute("id"));
    screen.press(Keys.ENTER);
    screen.visible("who-text");
    screen.until(d -> "keys-title".equals(screen.focused().getDomAttribute("id")));
    // the section links sit just before the view: forward into the form, back past it to the links
    screen.press(Keys.TAB);
    assertEquals("key-name", screen.focused().getDomAttribute("id"), "next comes the create form");
    screen.pressShiftTab(); // the heading itself is not a tab stop (tabindex=-1)
    assertEquals("nav-audit", screen.focused().getDomAttribute("id"));
    screen.press(Keys.ENTER);
    screen.visible("view-audit");
    screen.until(d -> "audit-title".equals(screen.focused().getDomAttribute("id")));
    assertEquals("page", screen.byId("nav-audit").getDomAttribute("aria-current"));
    // the dialog: Escape cancels and gives the focus back
    screen.go("keys");
    screen.keyRow("test").findElement(By.cssSelector("[data-action=revoke]")).sendKeys(Keys.ENTER);
    screen.visible("confirm");
    assertEquals("confirm-no", screen.focused().getDomAttribute("id"));
    screen.press(Keys.ESCAPE);
    screen.until(d -> !screen.shown("confirm"));
    assertEquals("revoke", screen.focused().getDomAttribute("data-action"));
    assertTrue(screen.keyRow("test").getText().contains("active"), "nothing was revoked");
  }

  @Test
  void anAdminApprovesATriageItemAndTheRunSucceeds() {
    JsonObject run = supervisedRun();
    String item = run.getString("triage_item_id");

    screen.signIn(admin);
    screen.go("triage");
    By row = By.cssSelector("#triage-rows tr[data-item-id='" + item + "']");
    screen
        .until(d -> d.findElement(row))
        .findElement(By.cssSelector("[data-action=review]"))
        .click();
    assertTrue(screen.visible("triage-output").getText().contains("purchase_order"));
    screen.type("triage-note", "checked in the browser");
    chromium.screenshot("05-triage-review");
    screen.byId("triage-approve").click();
    screen.status("Approved");
    screen.until(d -> d.findElements(row).isEmpty()); // the open list no longer holds it
    chromium.screenshot("06-triage-approved");

    assertEquals(
        "succeeded",
        get("/v1/agents/runs/" + run.getString("id"), bearer(runner))
            .expect(200)
            .json()
            .getString("status"));
    JsonObject resolved = get("/console/v1/triage-items/" + item, bearer(admin)).expect(200).json();
    assertEquals("approved", resolved.getString("status"));
    assertEquals("checked in the browser", resolved.getString("note"));
    assertEquals("user:org_admin@" + org, resolved.getString("resolved_by"));
  }

  /**
   * Login CSRF: a link that hands the page someone else's token signs nobody in, neither without
   * this tab's state nor by changing the fragment of a page already loaded.
   */
  @Test
  void aHandedOverTokenCountsOnlyAtLoadWithTheStateThisTabStored() {
    String stranger = orgToken(Api.newOrg("team"), "org_admin");
    screen.open();
    chromium.driver.get("about:blank");
    chromium.driver.get(
        Api.uri("/console").toString() + "#access_token=" + stranger + "&state=guessed");
    screen.visible("token");
    screen.until(d -> screen.alert().contains("refused"));
    assertFalse(chromium.driver.getCurrentUrl().contains(stranger), "the token left the address");
    assertFalse(screen.storage().contains(stranger), "and was never stored");
    assertFalse(screen.shown("who"));

    chromium.driver.executeScript(
        "sessionStorage.setItem('eclips.console.sign-in-state', 'stored'); location.hash ="
            + " arguments[0]",
        "access_token=" + stranger + "&state=stored");
    screen.until(d -> !d.getCurrentUrl().contains("access_token"));
    screen.until(d -> screen.alert().contains("refused"));
    assertFalse(screen.storage().contains(stranger), "a later fragment signs nobody in");
    assertFalse(screen.shown("who"));
    assertTrue(screen.shown("sign-in"));
  }

  @Test
  void aMemberSeesKeysAndCreditsButNoAdminControls() {
    String existing = Api.newKey(org, "test", "runs:read");
    String member = orgToken(org, "org_member");
    // signed in the way an identity provider hands a token over: in the fragment, with the state
    // this tab stored before it left for the provider; removed at once
    screen.open();
    chromium.driver.executeScript(
        "sessionStorage.setItem('eclips.console.sign-in-state', 'state-of-this-tab')");
    chromium.driver.get("about:blank");
    chromium.driver.get(
        Api.uri("/console").toString() + "#access_token=" + member + "&state=state-of-this-tab");
    assertTrue(screen.visible("who-text").getText().contains("org member"));
    assertFalse(chromium.driver.getCurrentUrl().contains(member), "the token left the address");
    assertFalse(chromium.driver.getCurrentUrl().contains("access_token"), "and the history entry");

    screen.until(d -> !screen.all("#keys-rows tr[data-key-id]").isEmpty());
    assertTrue(screen.shown("keys-readonly"));
    assertFalse(screen.shown("create-key"));
    assertTrue(screen.all("#keys-rows [data-action]").isEmpty(), "no rotate or revoke buttons");
    chromium.screenshot("07-keys-as-member");
    screen.go("credits");
    screen.visible("budget-readonly");
    assertFalse(screen.shown("budget-form"));

    // what the page does not offer, the API refuses anyway
    assertEquals(
        403,
        post(
                "/console/v1/api-keys",
                "{\"name\":\"m\",\"mode\":\"test\",\"scopes\":[\"runs:read\"]}",
                bearer(member))
            .status());
    get("/v1/me", bearer(existing)).expect(200);
  }

  @Test
  void creditsChartThisPeriodsUseAndAnAdminSetsTheBudget() {
    supervisedRun();
    JsonObject credits = get("/console/v1/credits", bearer(admin)).expect(200).json();
    long used = credits.getJsonNumber("used").longValue();
    assertTrue(used > 0);

    screen.signIn(admin);
    screen.go("credits");
    int today = LocalDate.now(ZoneOffset.UTC).getDayOfMonth();
    List<WebElement> bars =
        screen
            .until(d -> screen.all("svg.bars rect.bar").size() == today ? d : null)
            .findElements(By.cssSelector("svg.bars rect.bar"));
    long charted =
        bars.stream().mapToLong(b -> Long.parseLong(b.getDomAttribute("data-used"))).sum();
    assertEquals(used, charted, "the bars add up to this period's use");
    assertTrue(Long.parseLong(bars.get(today - 1).getDomAttribute("data-used")) > 0);
    assertEquals(
        String.format(Locale.ROOT, "%,d", used),
        screen
            .byId("credits-summary")
            .findElement(By.cssSelector("[data-fact='Used this period']"))
            .getText());

    long budget = used + 1000;
    screen.type("budget-limit", Long.toString(budget));
    screen.byId("budget-set").click();
    screen.status("Budget set");
    chromium.screenshot("08-credits-with-budget");
    assertEquals(
        budget,
        get("/console/v1/credits", bearer(admin))
            .expect(200)
            .json()
            .getJsonNumber("budget")
            .longValue());
    screen.byId("budget-clear").click();
    screen.status("Budget removed");
    assertTrue(get("/console/v1/credits", bearer(admin)).expect(200).json().isNull("budget"));
  }

  @Test
  void theAuditLogFiltersVerifiesAndExports() throws Exception {
    Api.newKey(org, "test", "runs:read"); // at least one api_key.created entry

    screen.signIn(admin);
    screen.go("audit");
    screen.type("audit-action", "api_key.created");
    screen.byId("audit-apply").click();
    screen.status("audit entries shown (filtered)");
    List<String> actions =
        screen.all("#audit-rows [data-field=action]").stream().map(WebElement::getText).toList();
    assertFalse(actions.isEmpty());
    assertTrue(actions.stream().allMatch("api_key.created"::equals), actions.toString());

    screen.byId("audit-verify").click();
    screen.status("The chain is intact");
    chromium.screenshot("09-audit-filtered-and-verified");

    new org.openqa.selenium.support.ui.Select(screen.byId("audit-format")).selectByValue("csv");
    screen.byId("audit-export").click();
    screen.status("Exported audit-log.csv");
    Path file = chromium.downloads.resolve("audit-log.csv");
    screen.until(d -> Files.exists(file) ? file : null);
    List<String> lines = Files.readAllLines(file);
    assertTrue(lines.get(0).startsWith("id,seq,occurred_at"), lines.get(0));
    assertEquals(actions.size() + 1, lines.size(), "the export holds exactly the filtered entries");
    assertTrue(lines.stream().skip(1).allMatch(l -> l.contains(",api_key.created,")));
  }

  /** A classifier run in a new org waits for review (every agent starts supervised). */
  private static JsonObject supervisedRun() {
    String id =
        post("/v1/agents/runs", CLASSIFY, bearer(runner)).expect(202).json().getString("id");
    JsonObject run = awaitRun(runner, id);
    assertEquals("awaiting_review", run.getString("status"));
    return run;
  }
}
