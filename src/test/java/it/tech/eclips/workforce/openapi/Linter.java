package it.tech.eclips.workforce.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Redocly CLI on the served document with the repository's {@code redocly.yaml}. Found as
 * {@code -Declips.redocly=…}, in {@code ~/.cache/eclips-tools} (where {@code .ci/run} installs it)
 * or on the PATH. Without it the lint is skipped (a machine without Node.js can still run the
 * suite), unless {@code -Declips.openapi.lint=required} or the environment says {@code CI=true} (as
 * {@code .ci/run} does, after installing it).
 */
final class Linter {

  private Linter() {}

  static void lint(Path document) throws IOException, InterruptedException {
    Optional<String> redocly = redocly();
    if (redocly.isEmpty()) {
      String hint = "Redocly CLI not found: .ci/run installs it, or pass -Declips.redocly=<path>";
      if ("required".equals(System.getProperty("eclips.openapi.lint"))
          || "true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(hint);
      }
      Assumptions.abort(hint);
    }
    Path log = Path.of("target/openapi-lint.txt");
    Process lint =
        new ProcessBuilder(
                redocly.get(),
                "lint",
                document.toString(),
                "--config",
                "redocly.yaml",
                "--format",
                "stylish")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!lint.waitFor(120, TimeUnit.SECONDS)) {
      lint.destroyForcibly();
      throw new AssertionError("redocly lint did not finish within 120 s");
    }
    assertEquals(
        0,
        lint.exitValue(),
        "redocly lint (" + log + "):\n" + Files.readString(log, StandardCharsets.UTF_8));
  }

  private static Optional<String> redocly() {
    String configured = System.getProperty("eclips.redocly");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(configured);
    }
    Path cached =
        Path.of(System.getProperty("user.home"), ".cache/eclips-tools/node_modules/.bin/redocly");
    if (Files.isExecutable(cached)) {
      return Optional.of(cached.toString());
    }
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .map(dir -> Path.of(dir, "redocly"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }
}
