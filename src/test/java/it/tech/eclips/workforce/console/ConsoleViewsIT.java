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
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Every view of the console in headless Chromium, as an admin (who changes things, checked through
 * the API afterwards) and as a member (who only reads), with axe-core finding no serious or
 * critical violation on any view, a focus ring of at least 3:1 and scrollable tables reachable by
 * keyboard. Screenshots of every view go to target/console-screenshots.
 */
@ExtendWith(Deployments.class)
class ConsoleViewsIT {

  private static final List<String> VIEWS = ConsoleScreen.VIEWS;
  private static final String CLASSIFY =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"purchase order 4711\"}}";
  private static final String FAIL =
      "{\"agent_type\":\"document_classifier\",\"input\":{\"text\":\"x\",\"simulate\":\"agent_failure\"}}";

  private static Chromium chromium;
  private static ConsoleScreen screen;
  private static Axe axe;
  private static String org;
  private static String reviewed;
  private static String document;

  @BeforeAll
  static void start() {
    chromium = Chromium.startOrSkip();
    axe = Axe.loadOrSkip();
    screen = new ConsoleScreen(chromium.driver);
    org = Api.newOrg("enterprise");
    String runner = Api.newKey(org, "test", "runs:read", "runs:write", "documents:write");
    reviewed = post("/v1/agents/runs", CLASSIFY, bearer(runner)).expect(202).json().getString("id");
    awaitRun(runner, reviewed);
    for (int i = 0; i < 5; i++) { // the test mode's classifier breaker opens
      String failed =
          post("/v1/agents/runs", FAIL, bearer(runner)).expect(202).json().getString("id");
      assertEquals("failed", awaitRun(runner, failed).getString("status"));
    }
    document =
        Api.send(
                HttpRequest.newBuilder(Api.uri("/v1/documents?name=contract.txt"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + runner)
                    .header("Content-Type", "text/plain")
                    .POST(BodyPublishers.ofString("a contract")))
            .expect(201)
            .json()
            .getString("id");
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @AfterEach
  void theConsoleStayedClean() {
    List<String> broken =
        chromium.consoleMessages().stream()
            .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught"))
            .toList();
    assertEquals(List.of(), broken);
  }

  @Test
  void everyViewOfAnAdminPassesAxe() {
    screen.signIn(orgToken(org, "org_admin"));
    List<String> violations = new ArrayList<>();
    for (String view : VIEWS) {
      screen.goAndAwait(view);
      chromium.screenshot("views-admin-" + view);
      axe.seriousViolations(chromium.driver).forEach(v -> violations.add(view + ": " + v));
    }
    assertEquals(List.of(), violations);
    // and the check can fail: an image without a text alternative is a critical violation
    chromium.driver.executeScript(
        "const i = document.createElement('img'); i.id = 'probe'; i.src = '/console/x.png';"
            + " document.getElementById('view-audit').append(i);");
    assertTrue(
        axe.seriousViolations(chromium.driver).stream().anyMatch(v -> v.startsWith("image-alt")),
        "axe did not see the probe");
  }

  @Test
  void anAdminReadsARunAndFollowsItToItsTriageItem() {
    screen.signIn(orgToken(org, "org_admin"));
    screen.go("runs");
    new Select(screen.byId("runs-mode")).selectByValue("test");
    new Select(screen.byId("runs-status")).selectByValue("awaiting_review");
    screen.byId("runs-apply").click();
    By row = By.cssSelector("#runs-rows tr[data-run-id='" + reviewed + "']");
    screen.until(d -> d.findElements(row).size() == 1 && screen.all("#runs-rows tr").size() == 1);
    chromium.driver.findElement(row).findElement(By.cssSelector("[data-action=details]")).click();
    assertTrue(screen.visible("run-input").getText().contains("purchase order 4711"));
    assertTrue(screen.byId("run-facts").getText().contains("awaiting_review"));
    axe.seriousViolations(chromium.driver).forEach(v -> assertEquals("", v, "run detail"));
    chromium.screenshot("views-run-detail");
    screen.visible("run-triage").click();
    screen.visible("view-triage");
    screen.visible("triage-detail");
    screen.until(d -> screen.byId("triage-facts").getText().contains(reviewed));

    screen.go("runs");
    new Select(screen.byId("runs-mode")).selectByValue("live");
    new Select(screen.byId("runs-status")).selectByValue("");
    screen.byId("runs-apply").click();
    screen.until(d -> screen.byId("runs-rows").getText().contains("No runs match"));
  }

  @Test
  void anAdminPinsTrustResetsABreakerDeletesADocumentAndChangesSettings() {
    String admin = orgToken(org, "org_admin");
    screen.signIn(admin);

    screen.go("trust");
    WebElement trust = row("trust-rows", "document_classifier", "test");
    new Select(trust.findElement(By.cssSelector("[data-field=pin-level]")))
        .selectByValue("guarded");
    trust.findElement(By.cssSelector("[data-action=pin]")).click();
    screen.status("pinned at guarded");
    JsonObject pinned = profile(admin);
    assertTrue(pinned.getBoolean("pinned"));
    assertEquals("guarded", pinned.getString("level"));
    row("trust-rows", "document_classifier", "test")
        .findElement(By.cssSelector("[data-action=unpin]"))
        .click();
    screen.status("unpinned");
    assertFalse(profile(admin).getBoolean("pinned"));

    screen.go("breakers");
    WebElement breaker = row("breakers-rows", "document_classifier", "test");
    assertEquals("open", breaker.findElement(By.cssSelector("[data-field=state]")).getText());
    breaker.findElement(By.cssSelector("[data-action=reset]")).click();
    screen.visible("confirm");
    screen.byId("confirm-yes").click();
    screen.status("is closed");
    assertEquals("closed", breaker(admin).getString("state"));

    screen.go("documents");
    By doc = By.cssSelector("#documents-rows tr[data-document-id='" + document + "']");
    screen.until(d -> d.findElements(doc).size() == 1);
    chromium.driver.findElement(doc).findElement(By.cssSelector("[data-action=delete]")).click();
    screen.visible("confirm");
    screen.byId("confirm-yes").click();
    screen.status("deleted");
    assertEquals(
        List.of(),
        get("/console/v1/documents", bearer(admin)).expect(200).json().getJsonArray("data").stream()
            .filter(d -> d.asJsonObject().getString("id").equals(document))
            .toList());

    screen.go("settings");
    screen.until(d -> !screen.byId("settings-auto-approve").getDomProperty("value").isEmpty());
    screen.type("settings-auto-approve", "1234.5");
    screen.type("settings-review-threshold", "99");
    screen.byId("settings-save").click();
    screen.status("Settings saved");
    JsonObject settings = get("/console/v1/settings", bearer(admin)).expect(200).json();
    assertEquals(1234.5, settings.getJsonNumber("invoice_auto_approve_limit").doubleValue());
    assertEquals(99, settings.getJsonNumber("review_admin_threshold").intValue());
    screen.byId("settings-review-threshold").clear();
    screen.byId("settings-save").click();
    screen.until(
        d -> get("/console/v1/settings", bearer(admin)).json().isNull("review_admin_threshold"));
  }

  @Test
  void anAdminAddsDisablesAndDeletesAWebhookEndpointAndSeesItsSecretOnce() {
    String admin = orgToken(org, "org_admin");
    screen.signIn(admin);
    screen.go("webhooks");
    String url = "https://hooks.example.com/console-" + java.util.UUID.randomUUID();
    screen.type("endpoint-url", url);
    screen.byId("endpoint-mode-test").click();
    screen.byId("endpoint-type-agent-run-failed").click();
    screen.byId("create-endpoint-button").click();
    String secret = screen.visible("new-endpoint-secret").getText();
    assertTrue(secret.startsWith("whsec_"), secret);
    chromium.screenshot("views-webhooks-secret-once");
    JsonObject endpoint = endpoint(admin, url);
    assertEquals("test", endpoint.getString("mode"));
    assertEquals("[\"agent_run.failed\"]", endpoint.getJsonArray("event_types").toString());
    assertFalse(endpoint.toString().contains(secret), "the list never shows the secret");
    screen.go("runs");
    screen.go("webhooks");
    assertFalse(screen.source().contains(secret), "gone after navigating away");

    By row =
        By.cssSelector("#webhook-rows tr[data-endpoint-id='" + endpoint.getString("id") + "']");
    screen.until(d -> d.findElements(row).size() == 1);
    chromium.driver.findElement(row).findElement(By.cssSelector("[data-action=disable]")).click();
    screen.status("disabled");
    assertFalse(endpoint(admin, url).getBoolean("enabled"));
    screen.until(d -> d.findElements(row).size() == 1);
    chromium.driver.findElement(row).findElement(By.cssSelector("[data-action=delete]")).click();
    screen.visible("confirm");
    screen.byId("confirm-yes").click();
    screen.status("deleted");
    assertEquals(null, endpointOrNull(admin, url));
  }

  private static JsonObject endpoint(String admin, String url) {
    JsonObject found = endpointOrNull(admin, url);
    assertTrue(found != null, "no endpoint " + url);
    return found;
  }

  private static JsonObject endpointOrNull(String admin, String url) {
    return get("/console/v1/webhook-endpoints?limit=100", bearer(admin))
        .expect(200)
        .json()
        .getJsonArray("data")
        .stream()
        .map(v -> v.asJsonObject())
        .filter(e -> e.getString("url").equals(url))
        .findFirst()
        .orElse(null);
  }

  @Test
  void aMemberSeesEveryViewReadOnly() {
    screen.signIn(orgToken(org, "org_member"));
    List<String> violations = new ArrayList<>();
    for (String view : VIEWS) {
      screen.goAndAwait(view);
      chromium.screenshot("views-member-" + view);
      axe.seriousViolations(chromium.driver).forEach(v -> violations.add(view + ": " + v));
    }
    assertEquals(List.of(), violations);
    for (String readonly :
        List.of("trust-readonly", "breakers-readonly", "documents-readonly", "settings-readonly")) {
      assertTrue(screen.byId(readonly).getDomAttribute("hidden") == null, readonly + " is shown");
    }
    for (String action : List.of("pin", "unpin", "reset", "delete")) {
      assertEquals(List.of(), screen.all("[data-action=" + action + "]"), action);
    }
    assertFalse(screen.byId("settings-save").isEnabled());
    assertFalse(screen.shown("create-endpoint"), "no endpoint form for a member");
    assertFalse(screen.byId("settings-auto-approve").isEnabled());
  }

  /** A scrollable table takes the focus from the keyboard, and the focus ring stands out. */
  @Test
  void tablesAreReachableByKeyboardAndTheFocusRingIsAtLeast3To1() {
    screen.signIn(orgToken(org, "org_admin"));
    screen.go("runs");
    screen.byId("runs-apply").sendKeys(Keys.TAB);
    WebElement region = screen.focused();
    assertEquals("region", region.getDomAttribute("role"));
    assertEquals("runs-caption", region.getDomAttribute("aria-labelledby"));
    String ring = region.getCssValue("outline-color");
    String background = screen.byId("view-runs").getCssValue("background-color");
    String page =
        (String)
            chromium.driver.executeScript("return getComputedStyle(document.body).backgroundColor");
    double contrast = contrast(ring, isTransparent(background) ? page : background);
    assertTrue(contrast >= 3.0, "focus ring " + ring + " on " + page + ": " + contrast + ":1");
    assertTrue(region.getCssValue("outline-style").equals("solid"), "a ring is drawn");
  }

  private static WebElement row(String rows, String agent, String mode) {
    By css =
        By.cssSelector("#" + rows + " tr[data-agent='" + agent + "'][data-mode='" + mode + "']");
    return screen.until(d -> d.findElements(css).stream().findFirst().orElse(null));
  }

  private static JsonObject profile(String admin) {
    return get("/console/v1/agents/trust-profiles", bearer(admin))
        .expect(200)
        .json()
        .getJsonArray("data")
        .stream()
        .map(v -> v.asJsonObject())
        .filter(p -> p.getString("agent_type").equals("document_classifier"))
        .filter(p -> !p.getBoolean("livemode"))
        .findFirst()
        .orElseThrow();
  }

  private static JsonObject breaker(String admin) {
    return get("/console/v1/agents/circuit-breakers", bearer(admin))
        .expect(200)
        .json()
        .getJsonArray("data")
        .stream()
        .map(v -> v.asJsonObject())
        .filter(
            b ->
                b.getString("agent_type").equals("document_classifier")
                    && !b.getBoolean("livemode"))
        .findFirst()
        .orElseThrow();
  }

  private static final Pattern RGB =
      Pattern.compile("rgba?\\((\\d+), (\\d+), (\\d+)(, ([\\d.]+))?\\)");

  private static boolean isTransparent(String color) {
    Matcher m = RGB.matcher(color);
    return !m.matches() || (m.group(5) != null && Double.parseDouble(m.group(5)) == 0);
  }

  /** WCAG 2 contrast ratio of two opaque CSS colours. */
  static double contrast(String a, String b) {
    double la = luminance(a);
    double lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  private static double luminance(String color) {
    Matcher m = RGB.matcher(color);
    if (!m.matches()) {
      throw new AssertionError("not an rgb colour: " + color);
    }
    double[] c = new double[3];
    for (int i = 0; i < 3; i++) {
      double v = Integer.parseInt(m.group(i + 1)) / 255.0;
      c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
}
