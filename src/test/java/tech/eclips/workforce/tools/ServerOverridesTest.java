package tech.eclips.workforce.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Dev mode and the DEV-ONLY key can never be written into the server that is packaged. */
class ServerOverridesTest {

  private static final DatabaseSettings DB =
      DatabaseSettings.fromEnvironment(Map.of(), "localhost", 5432, "eclips");

  @TempDir Path wlp;

  @Test
  void thePackagedServerNeverGetsOverrides() {
    Path packaged = wlp.resolve("usr/servers").resolve(ServerOverrides.PACKAGED_SERVER);
    assertThrows(
        IllegalArgumentException.class,
        () -> ServerOverrides.write(packaged, DB, List.of(), DevTokens.serverVariables()));
    assertFalse(Files.exists(packaged.resolve(ServerOverrides.FILE)));
  }

  @Test
  void theDevServerGetsDevMode() throws Exception {
    Path dev = wlp.resolve("usr/servers/eclips-dev");
    Path file = ServerOverrides.write(dev, DB, List.of(), DevTokens.serverVariables());
    assertTrue(Files.readString(file).contains("name=\"eclips.mode\" value=\"dev\""));
  }

  /**
   * WildFly's test settings: the same names as Liberty's variables; an empty value (a password
   * under trust authentication) is left out, since WildFly refuses an empty datasource password.
   */
  @Test
  void wildflyGetsTheSameSettingsAsSystemPropertiesWithoutEmptyValues() throws Exception {
    Path file =
        ServerOverrides.writeProperties(
            wlp.resolve("standalone/configuration/eclips-it.properties"),
            DB,
            Map.of("eclips.mode", "dev", "eclips.keys.last-used-flush", "PT1S"));
    java.util.Properties written = new java.util.Properties();
    try (var in = Files.newBufferedReader(file)) {
      written.load(in);
    }
    assertEquals("localhost", written.getProperty("eclips.db.host"));
    assertEquals("eclips", written.getProperty("eclips.db.name"));
    assertEquals("dev", written.getProperty("eclips.mode"));
    assertEquals("PT1S", written.getProperty("eclips.keys.last-used-flush"));
    assertEquals(DB.app().user(), written.getProperty("eclips.db.app.user"));
    assertEquals(
        DB.app().password().isEmpty() ? null : DB.app().password(),
        written.getProperty("eclips.db.app.password"));
    assertFalse(written.containsValue(""), written::toString);
  }

  @Test
  void theDevRunnerRemovesWhatOlderRunnersLeftInThePackagedServer() throws Exception {
    Path stale =
        wlp.resolve("usr/servers")
            .resolve(ServerOverrides.PACKAGED_SERVER)
            .resolve(ServerOverrides.FILE);
    Files.createDirectories(stale.getParent());
    Files.writeString(stale, "<server><variable name=\"eclips.mode\" value=\"dev\"/></server>");
    DevServer.forgetOverridesOfOlderRunners(wlp);
    assertFalse(Files.exists(stale));
  }

  /** The build: liberty:package uses the packaged server, the dev profile a server of its own. */
  @Test
  void theBuildRunsDevOnAServerOfItsOwn() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile());
    XPath xpath = XPathFactory.newInstance().newXPath();
    String packaged = xpath.evaluate("/project/properties/liberty.server.name", pom);
    String dev = xpath.evaluate("/project/properties/liberty.dev.server.name", pom);
    String profile = "/project/profiles/profile[id='dev']/build/plugins/plugin";
    String devExecution =
        xpath.evaluate(
            profile
                + "[artifactId='liberty-maven-plugin']//execution[id='dev-server']"
                + "/configuration/serverName",
            pom);
    String runnerArgument =
        xpath.evaluate(profile + "[artifactId='exec-maven-plugin']//arguments/argument[2]", pom);
    assertEquals(ServerOverrides.PACKAGED_SERVER, packaged);
    assertNotEquals(packaged, dev);
    assertEquals("${liberty.dev.server.name}", devExecution);
    assertEquals("${liberty.dev.server.name}", runnerArgument);
  }
}
