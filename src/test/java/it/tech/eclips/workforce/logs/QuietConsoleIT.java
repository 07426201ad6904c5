package it.tech.eclips.workforce.logs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Slow;
import it.tech.eclips.workforce.harness.TestDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.tools.DevTokens;
import tech.eclips.workforce.tools.ReliabilityServer;
import tech.eclips.workforce.tools.ServerOverrides;

/**
 * What an operator sees on the console: a server laid out from {@code liberty/} with the built WAR
 * is started as on an install ({@code server start}, which writes {@code logs/console.log}). Its
 * console holds the start banner and nothing below AUDIT (the ~150 EJB bindings, CNTR0167I, stay in
 * messages.log); switched to {@code eclips.log.format=json} (ECLIPS_LOG_FORMAT), every further line
 * is one JSON object. Not an Arquillian test: it starts a server of its own, on ports of its own
 * ({@code eclips.quiet.*.port}: it runs beside the other {@code @Slow} classes), against the test
 * database.
 */
@Slow
class QuietConsoleIT {

  /** Its own name: neither contains nor is contained in a test server's name. */
  private static final String NAME = "eclips-quiet-console";

  /** Liberty's simple format: {@code [date] thread logger L MSGID: text}; L is the level. */
  private static final Pattern SIMPLE =
      Pattern.compile("^\\[[^\\]]+\\] [0-9a-f]{8} \\S+\\s+([A-Z]) ([A-Z0-9]+):");

  @Test
  void theConsoleShowsTheBannerAndWarningsOnlyAndCanSpeakJson() throws Exception {
    Path wlp = Path.of(System.getProperty("eclips.server.dir")).getParent().getParent().getParent();
    int httpPort = Integer.getInteger("eclips.quiet.http.port", 9680);
    int httpsPort = Integer.getInteger("eclips.quiet.https.port", 9683);
    ReliabilityServer server = new ReliabilityServer(wlp, NAME, httpPort);
    Path console = server.directory().resolve("logs/console.log");
    Map<String, String> variables = DevTokens.serverVariables();
    server.prepare(
        Path.of(System.getProperty("eclips.war")), httpsPort, TestDatabase.settings(), variables);
    try {
      server.start(Duration.ofMinutes(3));
      List<String> started = Files.readAllLines(console);
      String messages =
          new String(
              Files.readAllBytes(server.directory().resolve("logs/messages.log")),
              java.nio.charset.StandardCharsets.ISO_8859_1);
      assertAll(
          () -> assertTrue(messages.contains("CNTR0167I"), "the app bound no EJB: nothing tested"),
          () ->
              assertTrue(started.stream().noneMatch(l -> l.contains("CNTR0167I")), "EJB bindings"),
          () -> assertTrue(started.stream().anyMatch(l -> l.contains("CWWKF0011I")), "no banner"),
          () ->
              assertTrue(started.stream().anyMatch(l -> l.contains("CWWKZ0001I")), "no app start"),
          () -> assertEquals(List.of(), belowAudit(started), "INFO lines on the console"));

      ServerOverrides.write(
          server.directory(), TestDatabase.settings(), List.of(), withJson(variables));
      List<String> json = awaitJsonLine(console, started.size(), Duration.ofSeconds(90));
      assertAll(
          () -> assertTrue(json.stream().anyMatch(l -> l.contains("CWWKG0017I")), "no update"),
          () ->
              json.forEach(
                  line -> {
                    JsonObject entry = parse(line);
                    assertTrue(entry.containsKey("ibm_messageId"), line);
                    assertTrue(
                        !"INFO".equals(entry.getString("loglevel", "")), "INFO in JSON: " + line);
                  }));
    } finally {
      stopQuietly(server);
    }
  }

  /** A slow stop (a loaded machine) must not hide what the test found; the server is killed. */
  private static void stopQuietly(ReliabilityServer server) {
    try {
      server.stop();
    } catch (Exception e) {
      System.err.println("stopping " + NAME + ": " + e);
    }
  }

  private static Map<String, String> withJson(Map<String, String> variables) {
    Map<String, String> json = new java.util.HashMap<>(variables);
    json.put("eclips.log.format", "json");
    return json;
  }

  /** Liberty messages on the console whose level is neither AUDIT, WARNING, ERROR nor FATAL. */
  private static List<String> belowAudit(List<String> lines) {
    return lines.stream()
        .filter(
            line -> {
              Matcher m = SIMPLE.matcher(line);
              return m.find() && !"AWEF".contains(m.group(1));
            })
        .toList();
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
