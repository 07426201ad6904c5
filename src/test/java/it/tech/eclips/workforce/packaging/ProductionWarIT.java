package it.tech.eclips.workforce.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What ships: the production WAR (the one {@code mvn package} just built, as every IT deploys it)
 * carries no benchmark code. {@code /bench/ping} is an unguarded route; it belongs to the bench
 * profile's WAR only. Runs after {@code package} (failsafe), without a server.
 */
class ProductionWarIT {

  private static final String BENCHMARK_PACKAGE =
      "WEB-INF/classes/tech/eclips/workforce/benchmark/";

  @Test
  void theProductionWarHasNoBenchmarkClasses() throws IOException {
    File war = new File(System.getProperty("eclips.war", "target/eclips-workforce.war"));
    assertTrue(war.isFile(), "no WAR at " + war + ": run after mvn package");
    try (ZipFile zip = new ZipFile(war)) {
      List<String> classes =
          zip.stream()
              .map(ZipEntry::getName)
              .filter(n -> n.startsWith("WEB-INF/classes/"))
              .toList();
      assertTrue(
          classes.stream().anyMatch(n -> n.endsWith("/keys/boundary/MeResource.class")),
          "the WAR should hold the application's classes; is this the right file? " + war);
      assertEquals(
          List.of(),
          classes.stream()
              .filter(n -> n.startsWith(BENCHMARK_PACKAGE) && n.endsWith(".class"))
              .toList(),
          "benchmark classes in the production WAR (build without -Pbench, after mvn clean)");
    }
  }
}
