package it.tech.eclips.workforce.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Slow;
import it.tech.eclips.workforce.harness.SeedData;
import it.tech.eclips.workforce.harness.TestDatabase;
import it.tech.eclips.workforce.harness.TestTls;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tech.eclips.workforce.tools.OwnServer;

/**
 * The console's single sign-on end to end: Keycloak (a real OpenID provider, dev mode, an imported
 * realm with an admin and a member of org A, an admin of org B and a platform admin) and a server
 * of this test's own on the build's server ({@link OwnServer}: Liberty, or WildFly under -Pwildfly)
 * in production mode (no dev key, no token paste) whose console and JWT settings name that realm,
 * with the org and role claims under names of their own. Chromium signs in through Keycloak's login
 * form and acts; plain HTTP calls with the session cookie check what the browser cannot show (CSRF,
 * a cookie replayed after sign-out).
 */
@Slow
@Tag("heavy") // .ci/run runs it in the Liberty build only (docs/testing.md, CI)
class ConsoleSignInIT {

  private static final String NAME = "eclips-sign-in";
  private static final String CLIENT = "eclips-console";
  private static final String AUDIENCE = "eclips-workforce";
  private static final String ORG_CLAIM = "eclips_org";
  private static final String ROLES_CLAIM = "eclips_roles";
  private static final String SESSION_COOKIE = "__Host-eclips-console";

  @RegisterExtension
  static final TestWatcher EVIDENCE =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (chromium != null) {
            chromium.screenshot("FAILED-sign-in-" + context.getRequiredTestMethod().getName());
            System.err.println(
                "page at failure: url="
                    + chromium.driver.getCurrentUrl()
                    + " browser console="
                    + chromium.consoleMessages());
          }
        }
      };

  private static Keycloak keycloak;
  private static OwnServer server;
  private static Chromium chromium;
  private static ConsoleScreen screen;
  private static HttpClient http;
  private static String base;
  private static Map<String, UUID> orgA;
  private static Map<String, UUID> orgB;
  private static Keycloak.Person adminA;
  private static Keycloak.Person memberA;
  private static Keycloak.Person adminB;
  private static Keycloak.Person operator;

  @BeforeAll
  static void start() throws Exception {
    keycloak = Keycloak.unpackedOrSkip();
    chromium = Chromium.startOrSkip(true);
    screen = new ConsoleScreen(chromium.driver);
    http =
        HttpClient.newBuilder()
            .sslContext(TestTls.trustingEveryone())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try (Connection admin = TestDatabase.asAdmin()) {
      orgA = SeedData.newOrg(admin, "enterprise");
      orgB = SeedData.newOrg(admin, "enterprise");
    }
    adminA = person("ada", "org_admin", orgA);
    memberA = person("max", "org_member", orgA);
    adminB = person("bea", "org_admin", orgB);
    operator = new Keycloak.Person("pia", Keycloak.random(), "platform_admin", null);

    int httpPort = Integer.getInteger("eclips.sso.http.port", 9780);
    int httpsPort = Integer.getInteger("eclips.sso.https.port", 9783);
    base = "https://localhost:" + httpsPort;
    String secret = Keycloak.random();
    Map<String, String> realm =
        Map.of(
            "ACCESS_TOKEN_SECONDS", "30",
            "CLIENT_SECRET", secret,
            "REDIRECT_URI", base + "/console/sign-in/callback",
            "AFTER_SIGN_OUT", base + "/console",
            "ORG_CLAIM", ORG_CLAIM,
            "ROLES_CLAIM", ROLES_CLAIM,
            "AUDIENCE", AUDIENCE);
    // one after the other: outside dev mode the server takes its keys only from https or as text
    // (IdentitySettingsRefusal), and this Keycloak speaks plain HTTP, so the server is given the
    // realm's key set as text, which exists once Keycloak has started
    keycloak.start(realm, List.of(adminA, memberA, adminB, operator), Duration.ofMinutes(4));
    server = OwnServer.ofThisBuild(NAME, httpPort);
    server.prepare(
        Path.of(System.getProperty("eclips.war")),
        httpsPort,
        TestDatabase.settings(),
        production(secret, httpPort, keycloak.keySet()));
    server.start(Duration.ofMinutes(4));
  }

  /** Production mode: no eclips.mode=dev, so no dev key and no token in the page. */
  private static Map<String, String> production(String secret, int httpPort, String keySet) {
    byte[] webhookKey = new byte[32];
    new SecureRandom().nextBytes(webhookKey);
    Map<String, String> variables = new HashMap<>();
    variables.put("mp.jwt.verify.issuer", keycloak.issuer().toString());
    variables.put("mp.jwt.verify.publickey", keySet);
    variables.put("mp.jwt.verify.audiences", AUDIENCE);
    variables.put("eclips.jwt.org-claim", ORG_CLAIM);
    variables.put("eclips.jwt.roles-claim", ROLES_CLAIM);
    variables.put("eclips.webhooks.secret-key", Base64.getEncoder().encodeToString(webhookKey));
    variables.put("eclips.console.oidc.issuer", keycloak.issuer().toString());
    variables.put("eclips.console.oidc.client-id", CLIENT);
    variables.put("eclips.console.oidc.client-secret", secret);
    variables.put("eclips.console.oidc.redirect-uri", base + "/console/sign-in/callback");
    variables.put("eclips.console.oidc.upstream", "http://127.0.0.1:" + httpPort);
    return variables;
  }

  private static Keycloak.Person person(String name, String role, Map<String, UUID> org) {
    return new Keycloak.Person(name, Keycloak.random(), role, org.get("organizations").toString());
  }

  @AfterEach
  void forgetEveryone() {
    // neither this server's nor the provider's cookies carry over to the next test
    // (a cookie is deleted only from a page its path covers: Keycloak's are under /realms/eclips/)
    for (String origin :
        List.of(
            keycloak.issuer() + "/.well-known/openid-configuration",
            base + "/console/assets/console.css")) {
      chromium.driver.get(origin);
      chromium.driver.manage().deleteAllCookies();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    try {
      if (server != null) {
        server.stop();
      }
    } finally {
      if (keycloak != null) {
        keycloak.close();
      }
    }
  }

  @Test
  void anAdminSignsInActsAndSignsOutHereAndAtTheProvider() throws Exception {
    String who = signIn(adminA);
    assertTrue(who.contains("org admin"), who);
    screen.visible("create-key");
    chromium.screenshot("sign-in-01-admin-signed-in");

    Cookie cookie = chromium.driver.manage().getCookieNamed(SESSION_COOKIE);
    assertNotNull(cookie, "no session cookie");
    assertTrue(cookie.isHttpOnly() && cookie.isSecure(), "HttpOnly and Secure");
    assertEquals("Lax", cookie.getSameSite());
    Object held =
        chromium.driver.executeScript(
            "return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)"
                + " + document.documentElement.outerHTML + document.cookie");
    assertFalse(String.valueOf(held).contains("eyJ"), "a token in the page or its storage");

    // a console action through the page: a budget, then read back through the session
    String value = cookie.getValue();
    long used =
        json(call("GET", "/console/session/v1/credits", value, null, null))
            .getJsonNumber("used")
            .longValue();
    // the view fills the form when its figures arrive: typing before that loses the value (the
    // page then says the budget must be a whole number, and the status line stays empty)
    screen.goAndAwait("credits");
    screen.type("budget-limit", Long.toString(used + 777));
    screen.byId("budget-set").click();
    screen.status("Budget set");
    JsonObject credits = json(call("GET", "/console/session/v1/credits", value, null, null));
    assertEquals(used + 777, credits.getJsonNumber("budget").longValue());

    // every view works through the session, and axe finds nothing serious on any of them
    Axe axe = Axe.loadOrSkip();
    List<String> violations = new ArrayList<>();
    for (String view : ConsoleScreen.VIEWS) {
      screen.goAndAwait(view);
      chromium.screenshot("sign-in-views-" + view);
      axe.seriousViolations(chromium.driver).forEach(v -> violations.add(view + ": " + v));
    }
    assertEquals(List.of(), violations);
    assertEquals(List.of(), screen.all("#alert:not(:empty)"), "no view failed to load");

    // CSRF: the same change without the session's token, or from another site, is refused
    String csrf = csrf(value);
    String body = "{\"limit\":" + (used + 888) + "}";
    assertEquals(
        403, call("PUT", "/console/session/v1/credits/budget", value, null, body).statusCode());
    assertEquals(
        403, call("PUT", "/console/session/v1/credits/budget", value, "wrong", body).statusCode());
    HttpResponse<String> crossSite =
        send(
            request("/console/session/v1/credits/budget", value)
                .header("X-Eclips-Csrf", csrf)
                .header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    assertEquals(403, crossSite.statusCode());
    assertEquals(
        200, call("PUT", "/console/session/v1/credits/budget", value, csrf, body).statusCode());

    // sign-out ends the session here and at the provider, then comes back to the console
    screen.byId("sign-out").click();
    screen.visible("sign-in-session-link");
    chromium.screenshot("sign-in-02-signed-out");
    assertEquals(401, call("GET", "/console/session/v1/me", value, null, null).statusCode());
    screen.byId("sign-in-session-link").click();
    new WebDriverWait(chromium.driver, Duration.ofSeconds(30))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
  }

  @Test
  void aForgedOrForeignStateOpensNoSession() throws Exception {
    chromium.driver.get(base + "/console/sign-in/callback?state=forged&code=anything");
    screen.visible("sign-in-session-link");
    assertTrue(screen.alert().contains("refused"), screen.alert());
    assertEquals(null, chromium.driver.manage().getCookieNamed(SESSION_COOKIE));

    // a state this server really issued, but to another browser (login CSRF): refused too
    HttpResponse<String> elsewhere = send(request("/console/sign-in", null).GET());
    assertEquals(302, elsewhere.statusCode());
    String location = elsewhere.headers().firstValue("Location").orElseThrow();
    String state = query(URI.create(location), "state");
    chromium.driver.get(base + "/console/sign-in/callback?state=" + state + "&code=anything");
    screen.visible("sign-in-session-link");
    assertTrue(screen.alert().contains("refused"), screen.alert());
    assertEquals(null, chromium.driver.manage().getCookieNamed(SESSION_COOKIE));
    chromium.screenshot("sign-in-03-forged-state");
  }

  @Test
  void aMemberOnlyReadsAndOrgBSeesNothingOfOrgA() throws Exception {
    String who = signIn(memberA);
    assertTrue(who.contains("org member"), who);
    screen.visible("keys-readonly");
    assertFalse(screen.shown("create-key"));
    String member = chromium.driver.manage().getCookieNamed(SESSION_COOKIE).getValue();
    String create = "{\"name\":\"nope\",\"mode\":\"test\",\"scopes\":[\"runs:read\"]}";
    assertEquals(
        403,
        call("POST", "/console/session/v1/api-keys", member, csrf(member), create).statusCode());
    String keysOfA = call("GET", "/console/session/v1/api-keys", member, null, null).body();
    assertTrue(keysOfA.contains(orgA.get("api_keys").toString()), "A's member sees A's key");
    screen.byId("sign-out").click();
    screen.visible("sign-in-session-link");

    who = signIn(adminB);
    assertTrue(who.contains("org admin"), who);
    String admin = chromium.driver.manage().getCookieNamed(SESSION_COOKIE).getValue();
    String keysOfB = call("GET", "/console/session/v1/api-keys", admin, null, null).body();
    assertTrue(keysOfB.contains(orgB.get("api_keys").toString()), keysOfB);
    assertFalse(keysOfB.contains(orgA.get("api_keys").toString()), "B sees A's key");
    String triageOfA = "/console/session/v1/triage-items/" + orgA.get("triage_items");
    assertEquals(404, call("GET", triageOfA, admin, null, null).statusCode());
    assertFalse(
        String.valueOf(chromium.driver.getPageSource()).contains(orgA.get("api_keys").toString()));
    chromium.screenshot("sign-in-04-org-b");
  }

  @Test
  void aSessionEndedAtTheProviderEndsInTheConsole() throws Exception {
    signIn(adminA);
    String value = chromium.driver.manage().getCookieNamed(SESSION_COOKIE).getValue();
    keycloak.endSessionsOf(adminA.username());
    // the access token lives 30 s and is refreshed in its last 20: within that, the refresh fails
    new WebDriverWait(chromium.driver, Duration.ofSeconds(60))
        .pollingEvery(Duration.ofSeconds(2))
        .ignoring(org.openqa.selenium.WebDriverException.class)
        .until(
            driver -> {
              if (!screen.shown("app")) {
                return true;
              }
              screen.go(screen.shown("view-keys") ? "credits" : "keys");
              return !screen.shown("app");
            });
    screen.visible("sign-in-session-link");
    assertTrue(screen.alert().contains("session has ended"), screen.alert());
    assertEquals(401, call("GET", "/console/session/v1/me", value, null, null).statusCode());
    chromium.screenshot("sign-in-05-session-ended");
  }

  @Test
  void aPlatformAdminIsNoConsoleUser() throws Exception {
    chromium.driver.get(base + "/console");
    screen.visible("sign-in-session-link").click();
    login(operator);
    screen.visible("sign-in-session-link");
    assertTrue(screen.alert().contains("not an org user"), screen.alert());
  }

  @Test
  void outsideDevModeThePageTakesNoToken() {
    chromium.driver.get(base + "/console#access_token=eyJhbGciOiJub25lIn0.e30.&state=x");
    screen.visible("sign-in-session-link");
    assertFalse(screen.shown("sign-in-paste"), "the paste form outside dev mode");
    assertTrue(screen.alert().contains("does not take tokens"), screen.alert());
    assertFalse(chromium.driver.getCurrentUrl().contains("access_token"));
  }

  private static String signIn(Keycloak.Person person) {
    chromium.driver.get(base + "/console");
    screen.visible("sign-in-session-link").click();
    login(person);
    return screen.visible("who-text").getText();
  }

  private static void login(Keycloak.Person person) {
    new WebDriverWait(chromium.driver, Duration.ofSeconds(30))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
        .sendKeys(person.username());
    chromium.driver.findElement(By.id("password")).sendKeys(person.password());
    chromium.driver.findElement(By.id("kc-login")).click();
  }

  private static String csrf(String session) throws Exception {
    return json(call("GET", "/console/session", session, null, null)).getString("csrf_token");
  }

  private static HttpResponse<String> call(
      String method, String path, String session, String csrf, String body) throws Exception {
    HttpRequest.Builder request = request(path, session);
    if (csrf != null) {
      request.header("X-Eclips-Csrf", csrf);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return send(
        request.method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpRequest.Builder request(String path, String session) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (session != null) {
      request.header("Cookie", SESSION_COOKIE + "=" + session);
    }
    return request;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  private static String query(URI uri, String name) {
    for (String pair : uri.getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    throw new AssertionError("no " + name + " in " + uri);
  }
}
