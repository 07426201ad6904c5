package it.tech.eclips.workforce.logs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Slow;
import it.tech.eclips.workforce.harness.TestDatabase;
import it.tech.eclips.workforce.install.ProductionSettings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.tools.OwnServer;
import tech.eclips.workforce.tools.ServerOverrides;

/**
 * What an operator sees on the console: a server of the build's kind ({@link OwnServer}) laid out
 * with the built WAR is started as on an install (Liberty's {@code server start}, which writes
 * {@code logs/console.log}; WildFly's {@code standalone.sh}, whose output goes to {@code
 * log/console.log}). Its console shows the start banner and the application's start, no error and
 * no warning but the few named in {@link #EXPECTED_WARNINGS}, each with its reason. On Liberty it
 * also shows nothing below AUDIT (the ~150 EJB bindings, CNTR0167I, stay in messages.log) and,
 * switched to {@code eclips.log.format=json} (ECLIPS_LOG_FORMAT), every further line is one JSON
 * object. Not an Arquillian test: it starts a server of its own, on ports of its own ({@code
 * eclips.quiet.*.port}: it runs beside the other {@code @Slow} classes), against the test database.
 */
@Slow
@Tag("heavy") // .ci/run runs it in the Liberty build only (docs/testing.md, CI)
class QuietConsoleIT {

  /** Its own name: neither contains nor is contained in a test server's name. */
  private static final String NAME = "eclips-quiet-console";

  /**
   * Warnings a clean start writes that are not ours to fix, by message id, with the reason they
   * stay. Anything else at WARN, and anything at ERROR or FATAL, fails the test.
   */
  static final Map<String, String> EXPECTED_WARNINGS =
      Map.of(
          "CWMMH0053W",
          "Liberty: readiness was asked for before the application had started (the test polls"
              + " /health/ready as a load balancer does) and answered DOWN, which is what"
              + " readiness is for; Liberty says so at WARNING once.",
          "WFLYTX0013",
          "WildFly: the transaction manager's node-identifier is its default. It names a server's"
              + " records for XA recovery; the application enlists one resource per transaction"
              + " (the app's datasource; the platform's is outside JTA), committed in one phase"
              + " with no recovery record another server could take for its own. A value unique"
              + " per node cannot be given by default (at most 23 bytes; host names are longer).");

  @Test
  void theConsoleShowsTheBannerTheApplicationAndNoUnexplainedWarning() throws Exception {
    int httpPort = Integer.getInteger("eclips.quiet.http.port", 9680);
    int httpsPort = Integer.getInteger("eclips.quiet.https.port", 9683);
    OwnServer server = OwnServer.ofThisBuild(NAME, httpPort);
    Logs logs = Logs.of(server.kind());
    // as an operator installs it: production mode, their keystore and identity provider
    Map<String, String> variables =
        ProductionSettings.create(
                Path.of("target", NAME + "-settings"),
                TestDatabase.settings(),
                TestDatabase.settings().name(),
                new ProductionSettings.Ports(httpsPort, httpPort, httpPort + 20))
            .serverVariables();
    server.prepare(
        Path.of(System.getProperty("eclips.war")), httpsPort, TestDatabase.settings(), variables);
    try {
      server.start(Duration.ofMinutes(3));
      Path console = server.directory().resolve(logs.console());
      List<String> lines = Files.readAllLines(console, StandardCharsets.ISO_8859_1);
      // the start: up to the banner; later lines are the server at work on a database the other
      // @Slow classes share (it recovers their unfinished runs), which is not this test's subject
      List<Entry> started = untilStarted(logs.entries(lines), logs);
      String full =
          Files.readString(server.directory().resolve(logs.full()), StandardCharsets.ISO_8859_1);
      assertAll(
          () -> assertTrue(full.contains(logs.binding()), "the app bound no EJB: nothing tested"),
          () -> assertTrue(has(started, logs.banner()), "no start banner: " + logs.banner()),
          () -> assertTrue(has(started, logs.appStarted()), "no app start: " + logs.appStarted()),
          () -> assertEquals(List.of(), atLeast(started, "ERROR"), "errors on the console"),
          () -> assertEquals(List.of(), unexplainedWarnings(started), "warnings on the console"),
          () ->
              assertEquals(
                  List.of(),
                  logs.infoOnConsole() ? List.of() : atLeast(started, "INFO"),
                  "INFO lines on the console"));
      if (server.kind() == OwnServer.Kind.LIBERTY) {
        // WildFly writes JSON only through its start wrapper (ECLIPS_LOG_FORMAT): not this test's
        theConsoleSwitchesToJson(server, console, lines.size(), variables);
      }
    } finally {
      stopQuietly(server);
    }
  }

  /** Liberty reads {@code eclips.log.format} while it runs: every later line is JSON. */
  private static void theConsoleSwitchesToJson(
      OwnServer server, Path console, int skip, Map<String, String> variables) throws Exception {
    Map<String, String> json = new HashMap<>(variables);
    json.put("eclips.log.format", "json");
    ServerOverrides.write(server.directory(), TestDatabase.settings(), List.of(), json);
    List<String> lines = awaitJsonLine(console, skip, Duration.ofSeconds(90));
    assertAll(
        () -> assertTrue(lines.stream().anyMatch(l -> l.contains("CWWKG0017I")), "no update"),
        () ->
            lines.forEach(
                line -> {
                  JsonObject entry = parse(line);
                  assertTrue(entry.containsKey("ibm_messageId"), line);
                  assertTrue(
                      !"INFO".equals(entry.getString("loglevel", "")), "INFO in JSON: " + line);
                }));
  }

  /** One console line with a level: its level (ERROR, WARN, AUDIT, INFO), message id and text. */
  record Entry(String level, String id, String line) {}

  /**
   * What differs between the servers' logs; what the test asserts does not.
   *
   * @param console what the start script's output becomes, relative to the server's directory
   * @param full the server's complete log (all levels)
   * @param line a line's level (group 1) and message id (group 2)
   * @param binding a message only the full log has: an EJB bound, so the app was deployed
   * @param infoOnConsole WildFly's console is its server log; Liberty's shows AUDIT and above
   */
  record Logs(
      String console,
      String full,
      Pattern line,
      String banner,
      String appStarted,
      String binding,
      boolean infoOnConsole) {

    static Logs of(OwnServer.Kind kind) {
      return kind == OwnServer.Kind.WILDFLY
          ? new Logs(
              "log/console.log",
              "log/server.log",
              // 12:00:01,234 WARN  [category] (thread) WFLYSRV0001: text; the application's JUL
              // levels keep their names (WARNING, SEVERE), its messages have no id
              Pattern.compile(
                  "^(?:\\S+ )?\\d\\d:\\d\\d:\\d\\d,\\d{3} ([A-Z]+)\\s+"
                      + "\\[[^\\]]*\\] \\([^)]*\\) (?:([A-Z]+[0-9]+):)?"),
              "WFLYSRV0025",
              "WFLYSRV0010",
              "WFLYEJB0473",
              true)
          : new Logs(
              "logs/console.log",
              "logs/messages.log",
              // Liberty's simple format: [date] thread logger L MSGID: text; L is the level
              Pattern.compile("^\\[[^\\]]+\\] [0-9a-f]{8} \\S+\\s+([A-Z]) ([A-Z0-9]+):"),
              "CWWKF0011I",
              "CWWKZ0001I",
              "CNTR0167I",
              false);
    }

    List<Entry> entries(List<String> lines) {
      return lines.stream()
          // WildFly's console pattern colours the level (%K) when it thinks it may
          .map(l -> l.replaceAll("\u001B\\[[0-9;]*m", ""))
          .map(
              l -> {
                Matcher m = line.matcher(l);
                return m.find() ? new Entry(level(m.group(1)), m.group(2), l) : null;
              })
          .filter(java.util.Objects::nonNull)
          .toList();
    }

    private static String level(String given) {
      return switch (given) {
        case "F", "FATAL", "E", "ERROR", "SEVERE" -> "ERROR";
        case "W", "WARN", "WARNING" -> "WARN";
        case "A" -> "AUDIT";
        default -> "INFO";
      };
    }
  }

  /** Up to the banner or the application's start, whichever came last (Liberty may say either). */
  private static List<Entry> untilStarted(List<Entry> entries, Logs logs) {
    int banner = -1;
    int app = -1;
    for (int i = 0; i < entries.size(); i++) {
      String id = entries.get(i).id();
      banner = banner < 0 && logs.banner().equals(id) ? i : banner;
      app = app < 0 && logs.appStarted().equals(id) ? i : app;
    }
    return banner < 0 || app < 0 ? entries : entries.subList(0, Math.max(banner, app) + 1);
  }

  private static boolean has(List<Entry> entries, String id) {
    return entries.stream().anyMatch(e -> id.equals(e.id()));
  }

  /** ERROR: errors; INFO: everything below AUDIT (Liberty's INFO and whatever is not a level). */
  private static List<String> atLeast(List<Entry> entries, String level) {
    return entries.stream().filter(e -> level.equals(e.level())).map(Entry::line).toList();
  }

  private static List<String> unexplainedWarnings(List<Entry> entries) {
    return entries.stream()
        .filter(
            e ->
                "WARN".equals(e.level())
                    && (e.id() == null || !EXPECTED_WARNINGS.containsKey(e.id())))
        .map(Entry::line)
        .toList();
  }

  /** A slow stop (a loaded machine) must not hide what the test found; the server is killed. */
  private static void stopQuietly(OwnServer server) {
    try {
      server.stop();
    } catch (Exception e) {
      System.err.println("stopping " + NAME + ": " + e);
    }
  }

  /**
   * The lines from the first JSON one on, once the configuration update has been logged (in the new
   * format: CWWKG0017I).
   */
  private static List<String> awaitJsonLine(Path console, int skip, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> lines = Files.readAllLines(console);
      List<String> later = lines.subList(Math.min(skip, lines.size()), lines.size());
      int first =
          later.stream().filter(l -> l.startsWith("{")).findFirst().map(later::indexOf).orElse(-1);
      if (first >= 0 && later.stream().anyMatch(l -> l.contains("CWWKG0017I"))) {
        return later.subList(first, later.size());
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the console never switched to JSON");
  }

  private static JsonObject parse(String line) {
    try (var reader = Json.createReader(new StringReader(line))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
