package tech.eclips.workforce.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Points a created Liberty server at a database by writing a {@code configDropins/overrides} file,
 * which Liberty merges over {@code server.xml} at start. Only the dev runner, the tests and the
 * benchmark write it, each into a server of its own: never into the server that {@code
 * liberty:package} and {@code liberty:run} use, so a packaged server can never carry dev mode or
 * the DEV-ONLY key.
 */
public final class ServerOverrides {

  /** The pom's {@code liberty.server.name}: the server that is packaged and run in production. */
  public static final String PACKAGED_SERVER = "eclips";

  static final String FILE = "configDropins/overrides/eclips-database.xml";

  /**
   * The password of the metrics user (server.xml's {@code eclips.metrics.user}, {@code metrics}) on
   * the dev, test and bench servers, so that /metrics can be tried there. DEV-ONLY, like the JWT
   * key: the packaged server never receives it and stays closed until ECLIPS_METRICS_PASSWORD is
   * set.
   */
  public static final String DEV_METRICS_PASSWORD = "DEV-ONLY-metrics";

  private ServerOverrides() {}

  public static Path write(
      Path serverDirectory,
      DatabaseSettings db,
      List<String> extraFeatures,
      Map<String, String> extraVariables) {
    refuseThePackagedServer(serverDirectory);
    Map<String, String> variables = variables(db, extraVariables);
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<server>\n");
    if (!extraFeatures.isEmpty()) {
      xml.append("  <featureManager>\n");
      extraFeatures.forEach(f -> xml.append("    <feature>").append(f).append("</feature>\n"));
      xml.append("  </featureManager>\n");
    }
    variables.forEach(
        (name, value) ->
            xml.append("  <variable name=\"")
                .append(name)
                .append("\" value=\"")
                .append(escape(value))
                .append("\"/>\n"));
    xml.append("</server>\n");
    Path file = serverDirectory.resolve(FILE);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, xml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The same settings for WildFly: a Java properties file that {@code standalone.sh -P=<file>}
   * loads as system properties, which both wildfly/configure.cli's expressions and MP Config read.
   * Only the tests' WildFly (under target/) loads it.
   */
  public static Path writeProperties(
      Path file, DatabaseSettings db, Map<String, String> extraVariables) {
    java.util.Properties properties = new java.util.Properties();
    // An empty value is left out, so the expression's default applies: WildFly refuses an empty
    // datasource password (a server that trusts local connections gets configure.cli's
    // placeholder).
    variables(db, extraVariables)
        .forEach(
            (name, value) -> {
              if (!value.isEmpty()) {
                properties.put(name, value);
              }
            });
    try {
      Files.createDirectories(file.getParent());
      try (java.io.Writer out = Files.newBufferedWriter(file)) {
        properties.store(out, "eClips test settings (written by the test harness)");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> variables(DatabaseSettings db, Map<String, String> extra) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("eclips.db.host", db.host());
    variables.put("eclips.db.port", Integer.toString(db.port()));
    variables.put("eclips.db.name", db.name());
    variables.put("eclips.db.app.user", db.app().user());
    variables.put("eclips.db.app.password", db.app().password());
    variables.put("eclips.db.platform.user", db.platform().user());
    variables.put("eclips.db.platform.password", db.platform().password());
    variables.put("eclips.db.pool.max", Integer.toString(db.poolMax()));
    // always named: WildFly's configure.cli defaults to verify-full, the package's default
    variables.put("eclips.db.ssl.mode", db.sslMode().isEmpty() ? "prefer" : db.sslMode());
    variables.put("eclips.metrics.password", DEV_METRICS_PASSWORD);
    variables.putAll(new java.util.TreeMap<>(extra));
    return variables;
  }

  /** Allowed? Any server but the packaged one. */
  static void refuseThePackagedServer(Path serverDirectory) {
    if (serverDirectory.getFileName().toString().equals(PACKAGED_SERVER)) {
      throw new IllegalArgumentException(
          "refusing to write dev/test overrides into the packaged server '"
              + PACKAGED_SERVER
              + "' ("
              + serverDirectory
              + "): use a server of its own (the dev runner uses 'eclips-dev')");
    }
  }

  private static String escape(String value) {
    return value
        .replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
