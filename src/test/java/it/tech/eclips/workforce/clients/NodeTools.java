package it.tech.eclips.workforce.clients;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code node} and TypeScript's {@code tsc}: {@code -Declips.tsc=…}, {@code
 * ~/.cache/eclips-tools} (where {@code .ci/run} installs it) or the PATH. Without them the
 * TypeScript walkthrough is skipped (a machine without Node.js can still run the suite), unless the
 * environment says {@code CI=true} (as {@code .ci/run} does, after installing them), as the Redocly
 * lint does.
 */
final class NodeTools {

  private NodeTools() {}

  static String tsc() {
    return find("tsc", System.getProperty("eclips.tsc"));
  }

  static String node() {
    return find("node", System.getProperty("eclips.node"));
  }

  private static String find(String tool, String configured) {
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    Path cached =
        Path.of(System.getProperty("user.home"), ".cache/eclips-tools/node_modules/.bin", tool);
    Optional<String> found =
        Files.isExecutable(cached)
            ? Optional.of(cached.toString())
            : Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    if (found.isEmpty()) {
      String hint = tool + " not found: .ci/run installs it, or pass -Declips." + tool + "=<path>";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(hint);
      }
      Assumptions.abort(hint);
    }
    return found.get();
  }
}
