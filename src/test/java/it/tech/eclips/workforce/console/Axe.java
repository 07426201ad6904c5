package it.tech.eclips.workforce.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (Deque's accessibility engine, from npm) run in the page as it is: the WCAG 2.0/2.1/2.2
 * A and AA rules and axe's best practices. Found as {@code -Declips.axe=<axe.min.js>} or in {@code
 * ~/.cache/eclips-tools} (where {@code .ci/run} installs it); missing under CI is a failure,
 * elsewhere the check is skipped. The script is injected through WebDriver, which the page's
 * Content Security Policy does not govern, so the console's policy stays as strict as it is.
 */
final class Axe {

  private static final List<String> TAGS =
      List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice");

  private final String source;

  private Axe(String source) {
    this.source = source;
  }

  static Axe loadOrSkip() {
    String configured = System.getProperty("eclips.axe");
    Path script =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(
                System.getProperty("user.home"),
                ".cache/eclips-tools/node_modules/axe-core/axe.min.js");
    if (!Files.isRegularFile(script)) {
      String why = "axe-core not found at " + script + ": .ci/run installs it";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(why);
      }
      Assumptions.abort(why);
    }
    try {
      return new Axe(Files.readString(script, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + script, e);
    }
  }

  /**
   * The serious and critical violations on the page now, each as "rule: target (impact)"; empty
   * when there are none.
   */
  @SuppressWarnings("unchecked")
  List<String> seriousViolations(WebDriver driver) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object'"))) {
      js.executeScript(source);
    }
    Object result =
        js.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},"
                + " resultTypes: ['violations']})"
                + ".then(r => done(r.violations.filter(v => v.impact === 'serious'"
                + " || v.impact === 'critical').flatMap(v => v.nodes.map(n =>"
                + " v.id + ': ' + n.target.join(' ') + ' (' + v.impact + ')'))))"
                + ".catch(e => done(['axe failed: ' + e]));",
            TAGS);
    return (List<String>) result;
  }
}
