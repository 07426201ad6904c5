package tech.eclips.workforce.problems.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every log call in the application that hands the logger a throwable hands it redacted: {@code
 * LOG.log(level, text, RedactedFailure.of(e))}, never {@code e}, whose message can quote a client's
 * row (docs/security.md, Logs). Read from the sources, so a new log line cannot escape.
 */
class RedactedLoggingTest {

  private static final Path SOURCES = Path.of("src/main/java/tech/eclips/workforce");
  private static final Pattern LOG_CALL = Pattern.compile("\\bLOG\\.log\\(");
  private static final Pattern PRINTS_A_TRACE =
      Pattern.compile(
          "\\.printStackTrace\\(|\\.getMessage\\(\\)\\s*\\)\\s*;|\\.getMessage\\(\\)\\s*\\+");

  @Test
  void everyLoggedThrowableIsRedacted() throws IOException {
    List<String> strays = new ArrayList<>();
    int calls = 0;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        Matcher call = LOG_CALL.matcher(text);
        while (call.find()) {
          calls++;
          List<String> arguments = arguments(text, call.end());
          if (arguments.size() == 3 && !arguments.get(2).startsWith("RedactedFailure.of(")) {
            strays.add(file + ": LOG.log(…, " + arguments.get(2) + ")");
          }
        }
        if (PRINTS_A_TRACE.matcher(text).find() && text.contains("LOG.")) {
          strays.add(file + ": prints a stack trace or logs an exception's message");
        }
      }
    }
    assertTrue(calls > 10, "no log calls found: is " + SOURCES + " the source root?");
    assertEquals(List.of(), strays);
  }

  /** The top-level arguments of a call whose opening parenthesis ends at {@code from}. */
  private static List<String> arguments(String text, int from) {
    List<String> arguments = new ArrayList<>();
    int depth = 0;
    boolean inString = false;
    StringBuilder current = new StringBuilder();
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        inString = c != '"' || text.charAt(i - 1) == '\\';
      } else if (c == '"') {
        inString = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && depth-- == 0) {
        arguments.add(current.toString().strip());
        return arguments;
      } else if (c == ',' && depth == 0) {
        arguments.add(current.toString().strip());
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    throw new IllegalStateException("unbalanced call at " + from);
  }
}
