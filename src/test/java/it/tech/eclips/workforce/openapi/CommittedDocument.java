package it.tech.eclips.workforce.openapi;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The document the clients are generated from at build time ({@code src/main/openapi/openapi.json},
 * docs/api.md "Generated clients"), before any server runs. It must be the served one: {@link
 * #differences} lists where they part (as JSON pointers), and {@code -Declips.openapi.write=true}
 * makes OpenApiIT write the served document there instead of comparing.
 */
final class CommittedDocument {

  static final Path FILE = Path.of("src/main/openapi/openapi.json");
  static final String REGENERATE =
      "mvn verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=OpenApiIT"
          + " -Declips.package.skip=true -Declips.openapi.write=true";

  private CommittedDocument() {}

  static boolean writing() {
    return Boolean.getBoolean("eclips.openapi.write");
  }

  static void write(String served) throws IOException {
    Files.writeString(FILE, served.endsWith("\n") ? served : served + "\n", StandardCharsets.UTF_8);
  }

  /** Where the committed document and the served one differ; object members in any order. */
  static List<String> differences(String served) throws IOException {
    List<String> found = new java.util.ArrayList<>();
    compare("", parse(Files.readString(FILE, StandardCharsets.UTF_8)), parse(served), found);
    return found;
  }

  private static JsonValue parse(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readValue();
    }
  }

  private static void compare(String at, JsonValue committed, JsonValue served, List<String> out) {
    if (out.size() >= 20 || committed.equals(served)) {
      return;
    }
    if (committed instanceof JsonObject a && served instanceof JsonObject b) {
      TreeSet<String> names = new TreeSet<>(a.keySet());
      names.addAll(b.keySet());
      for (String name : names) {
        String path = at + "/" + name.replace("~", "~0").replace("/", "~1");
        if (!a.containsKey(name)) {
          out.add(path + ": served, not committed");
        } else if (!b.containsKey(name)) {
          out.add(path + ": committed, not served");
        } else {
          compare(path, a.get(name), b.get(name), out);
        }
      }
    } else if (committed instanceof JsonArray a
        && served instanceof JsonArray b
        && a.size() == b.size()) {
      for (int i = 0; i < a.size(); i++) {
        compare(at + "/" + i, a.get(i), b.get(i), out);
      }
    } else {
      out.add(at + ": committed " + abbreviated(committed) + ", served " + abbreviated(served));
    }
  }

  private static String abbreviated(JsonValue value) {
    String text = value.toString();
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
