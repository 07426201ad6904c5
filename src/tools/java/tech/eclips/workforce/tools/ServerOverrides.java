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
 * which Liberty merges over {@code server.xml} at start. Only the dev runner and the tests write
 * it.
 */
public final class ServerOverrides {

  private ServerOverrides() {}

  public static Path write(
      Path serverDirectory,
      DatabaseSettings db,
      List<String> extraFeatures,
      Map<String, String> extraVariables) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("eclips.db.host", db.host());
    variables.put("eclips.db.port", Integer.toString(db.port()));
    variables.put("eclips.db.name", db.name());
    variables.put("eclips.db.app.user", db.app().user());
    variables.put("eclips.db.app.password", db.app().password());
    variables.put("eclips.db.platform.user", db.platform().user());
    variables.put("eclips.db.platform.password", db.platform().password());
    variables.put("eclips.db.pool.max", Integer.toString(db.poolMax()));
    variables.putAll(new java.util.TreeMap<>(extraVariables));
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
    Path file = serverDirectory.resolve("configDropins/overrides/eclips-database.xml");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, xml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
