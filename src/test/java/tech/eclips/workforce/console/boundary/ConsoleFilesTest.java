package tech.eclips.workforce.console.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's files keep the rules its Content Security Policy and its handling of secrets depend
 * on, so a change that would only fail in a browser (an inline handler the policy blocks) or would
 * quietly weaken it (HTML built from server data, a key in storage) fails here first.
 */
class ConsoleFilesTest {

  private static final Path FOLDER = Path.of("src/main/webapp/WEB-INF/console");

  private static String read(String name) throws IOException {
    return Files.readString(FOLDER.resolve(name));
  }

  @Test
  void thePageHasNoInlineScriptStyleOrHandler() throws IOException {
    String html = read("index.html");
    List<String> found = new ArrayList<>();
    Matcher scripts =
        Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
    while (scripts.find()) {
      if (!scripts.group(1).contains("src=\"/console/assets/") || !scripts.group(2).isBlank()) {
        found.add("inline or foreign script: " + scripts.group());
      }
    }
    for (String forbidden : List.of("<style", " style=", "javascript:", "<iframe", "<base")) {
      if (html.contains(forbidden)) {
        found.add(forbidden);
      }
    }
    Matcher handlers = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html);
    while (handlers.find()) {
      found.add("inline handler: " + handlers.group());
    }
    assertEquals(List.of(), found);
  }

  @Test
  void everyFileThePageLinksIsServed() throws IOException {
    Matcher links =
        Pattern.compile("(?:src|href)=\"(/console/assets/[^\"]+)\"").matcher(read("index.html"));
    int count = 0;
    while (links.find()) {
      String name = links.group(1).substring("/console/assets/".length());
      assertTrue(Files.exists(FOLDER.resolve(name)), name);
      count++;
    }
    assertEquals(2, count, "the script and the stylesheet");
  }

  @Test
  void theScriptNeverBuildsHtmlNorStoresAKey() throws IOException {
    String script = read("console.js");
    for (String forbidden :
        List.of(
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            "localStorage",
            "setAttribute('style'",
            "setAttribute(\"style\"")) {
      assertFalse(script.contains(forbidden), forbidden);
    }
    // the only things written to web storage: the token and the state of a sign-in this tab started
    Matcher writes = Pattern.compile("sessionStorage\\.setItem\\(([^,]+),").matcher(script);
    List<String> items = new ArrayList<>();
    while (writes.find()) {
      items.add(writes.group(1).trim());
    }
    assertEquals(List.of("STATE_ITEM", "TOKEN_ITEM"), items.stream().sorted().toList());
  }

  /**
   * A handed-over token is taken once, at load, against the state this tab stored (login CSRF):
   * nothing reacting to a later fragment change may read one. ConsoleBrowserIT checks the behaviour
   * in Chromium; this keeps the shape when no browser runs.
   */
  @Test
  void aHandedOverTokenIsTakenOnlyAtLoadAndOnlyWithItsState() throws IOException {
    String script = read("console.js");
    Matcher calls = Pattern.compile("takeHandedOverToken\\(\\)").matcher(script);
    int count = 0;
    while (calls.find()) {
      count++;
    }
    assertEquals(2, count, "its definition and the one call at load");
    assertTrue(script.contains("\nconst handedOver = takeHandedOverToken();"));
    String take =
        script.substring(
            script.indexOf("function takeHandedOverToken()"),
            script.indexOf("\n}\n", script.indexOf("function takeHandedOverToken()")));
    assertTrue(take.contains("sessionStorage.removeItem(STATE_ITEM)"), "the state is used once");
    assertTrue(take.contains("params.get('state') !== expected"), "and must match");
    String onHashChange =
        script.substring(
            script.indexOf("addEventListener('hashchange'"),
            script.indexOf("\n  });", script.indexOf("addEventListener('hashchange'")));
    assertFalse(onHashChange.contains("signIn("), "a later fragment never signs anyone in");
  }

  @Test
  void theSignInUrlIsAnHttpsUrlOrAPathWrittenAsAnAttribute() throws IOException {
    byte[] page = read("index.html").getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(page, SignInUrl.intoPage(page, Optional.empty()));
    String filled =
        new String(
            SignInUrl.intoPage(
                page, Optional.of(SignInUrl.checked("https://sso.example/start?a=1&b=\"x\"<"))),
            StandardCharsets.UTF_8);
    assertTrue(
        filled.contains(
            "<meta name=\"eclips-sign-in-url\" content=\"https://sso.example/start?a=1&amp;b=&quot;x&quot;&lt;\">"),
        filled);
    assertEquals("/sso/start", SignInUrl.checked("/sso/start"));
    for (String refused :
        List.of(
            "javascript:alert(1)",
            "http://sso.example/",
            "//evil.example/",
            "/\\evil",
            "https://")) {
      assertThrows(IllegalArgumentException.class, () -> SignInUrl.checked(refused), refused);
    }
  }

  @Test
  void everyFieldHasALabel() throws IOException {
    String html = read("index.html");
    Matcher fields =
        Pattern.compile("<(input|select|textarea)\\b[^>]*\\bid=\"([^\"]+)\"[^>]*>").matcher(html);
    List<String> unlabelled = new ArrayList<>();
    int count = 0;
    while (fields.find()) {
      count++;
      String id = fields.group(2);
      boolean wrapped =
          html.lastIndexOf("<label", fields.start()) > html.lastIndexOf("</label>", fields.start());
      if (!html.contains("<label for=\"" + id + "\"") && !wrapped) {
        unlabelled.add(id);
      }
    }
    assertTrue(count >= 10, "found the fields: " + count);
    assertEquals(List.of(), unlabelled);
  }

  @Test
  void formsCannotSendTheTokenAnywhere() throws IOException {
    String html = read("index.html");
    Matcher token = Pattern.compile("<textarea id=\"token\"[^>]*>").matcher(html);
    assertTrue(token.find());
    assertFalse(token.group().contains("name="), "an unnamed field is never submitted");
    assertFalse(html.contains("action="), "no form posts anywhere");
    assertTrue(PageHeaders.CONTENT_SECURITY_POLICY.contains("form-action 'none'"));
  }

  @Test
  void onlyDevModeOffersTheTokenField() throws IOException {
    String html = read("index.html");
    byte[] page = html.getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(page, ConsoleMode.intoPage(page, false));
    assertTrue(
        new String(ConsoleMode.intoPage(page, true), StandardCharsets.UTF_8)
            .contains("<meta name=\"eclips-console-mode\" content=\"dev\">"));
    int paste = html.indexOf("<div id=\"sign-in-paste\" hidden>");
    assertTrue(paste > 0 && paste < html.indexOf("id=\"token\""), "the token field is in it");
    String script = read("console.js");
    assertTrue(script.contains("$('sign-in-paste').hidden = !DEV;"));
    assertTrue(script.contains("const token = DEV ? handedOver"), "no stored token outside dev");
    assertTrue(script.contains("if (!DEV) { // outside dev mode no token ever enters the page"));
  }
}
