package it.tech.eclips.workforce.harness;

import static org.awaitility.Awaitility.await;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The test server's own OpenAPI document ({@code /openapi}), read once per test JVM, and the check
 * every reply of {@link Api} passes when {@code eclips.openapi.validate=true} (failsafe sets it): a
 * reply to a documented operation must have a documented status and media type, and a JSON body
 * must satisfy that response's schema. Replies to paths outside the document (health, container
 * refusals of unknown paths or methods) are not the document's business and pass. The document is
 * also written to {@code target/openapi.yaml} and {@code target/openapi.json} for the linter.
 */
public final class OpenApiContract {

  /** Where the schemas are registered; a name only, never fetched. */
  private static final String BASE = "https://openapi.eclips.test/openapi.json";

  private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{[^/}]+}");
  private static volatile OpenApiContract live;

  private final JsonObject document;
  private final SchemaRegistry registry;
  private final List<Route> routes = new ArrayList<>();
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
  private final AtomicLong checked = new AtomicLong();

  /** One documented path: its template, the pattern a request path must match, its operations. */
  private record Route(String template, Pattern pattern, int parameters, JsonObject item) {}

  OpenApiContract(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      document = reader.readObject();
    }
    registry =
        SchemaRegistry.withDialect(
            Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(BASE, json)));
    document
        .getJsonObject("paths")
        .forEach(
            (template, item) -> {
              String regex =
                  "^"
                      + TEMPLATE_PARAMETER
                          .splitAsStream(template + "\0")
                          .map(part -> Pattern.quote(part.replace("\0", "")))
                          .reduce((a, b) -> a + "[^/]+" + b)
                          .orElse("")
                      + "$";
              int parameters = (int) TEMPLATE_PARAMETER.matcher(template).results().count();
              routes.add(
                  new Route(template, Pattern.compile(regex), parameters, item.asJsonObject()));
            });
    // a literal segment wins over a parameter (…/audit-log/verify before …/{id})
    routes.sort(Comparator.comparingInt(Route::parameters));
  }

  public static boolean enabled() {
    return Boolean.getBoolean("eclips.openapi.validate");
  }

  /** The running test server's document (fetched once) . */
  public static OpenApiContract live() {
    OpenApiContract contract = live;
    if (contract == null) {
      synchronized (OpenApiContract.class) {
        if (live == null) {
          live = new OpenApiContract(applicationDocument());
          fetch("/openapi", "target/openapi.yaml");
        }
        contract = live;
      }
    }
    return contract;
  }

  public JsonObject document() {
    return document;
  }

  /** Replies checked so far (by this JVM's tests). */
  public long checked() {
    return checked.get();
  }

  /** The operation (method, path template) a request would reach, if the document has it. */
  public Optional<JsonObject> operation(String method, String requestPath) {
    String verb = method.toLowerCase(Locale.ROOT);
    for (Route route : routes) {
      if (route.pattern().matcher(requestPath).matches() && route.item().containsKey(verb)) {
        return Optional.of(route.item().getJsonObject(verb));
      }
    }
    return Optional.empty();
  }

  /** Fails, naming the operation, when a reply breaks the document; see the class comment. */
  public void check(String method, URI uri, int status, String contentType, String body) {
    violation(method, uri.getRawPath(), status, contentType, body)
        .ifPresent(
            message -> {
              throw new AssertionError("OpenAPI: " + message);
            });
  }

  /** What is wrong with a reply, or empty. */
  public Optional<String> violation(
      String method, String requestPath, int status, String contentType, String body) {
    Optional<String> template = template(method, requestPath);
    if (template.isEmpty()) {
      return Optional.empty();
    }
    checked.incrementAndGet();
    String verb = method.toLowerCase(Locale.ROOT);
    JsonObject operation =
        document.getJsonObject("paths").getJsonObject(template.get()).getJsonObject(verb);
    String where =
        method + " " + template.get() + " (" + operation.getString("operationId", "?") + ") → ";
    String pointer = "/paths/" + escape(template.get()) + "/" + verb + "/responses/";
    JsonObject responses = operation.getJsonObject("responses");
    String key = String.valueOf(status);
    if (!responses.containsKey(key)) {
      return Optional.of(where + status + " is not documented; documented: " + responses.keySet());
    }
    JsonObject response = responses.getJsonObject(key);
    pointer += key;
    if (response.containsKey("$ref")) {
      String ref = response.getString("$ref");
      pointer = ref.substring(1);
      response = resolve(ref);
    }
    boolean empty = body == null || body.isEmpty();
    if (!response.containsKey("content")) {
      return empty
          ? Optional.empty()
          : Optional.of(where + status + " has a body but documents none: " + abbreviated(body));
    }
    String mediaType =
        contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    JsonObject content = response.getJsonObject("content");
    String documented =
        content.containsKey(mediaType) ? mediaType : content.containsKey("*/*") ? "*/*" : null;
    if (documented == null) {
      return Optional.of(
          where + status + " answered " + contentType + "; documented: " + content.keySet());
    }
    if (!(mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
      return Optional.empty();
    }
    String schemaPointer = pointer + "/content/" + escape(documented) + "/schema";
    List<Error> errors =
        schemas
            .computeIfAbsent(
                schemaPointer, p -> registry.getSchema(SchemaLocation.of(BASE + "#" + p)))
            .validate(body, InputFormat.JSON);
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        where
            + status
            + " body breaks "
            + schemaPointer
            + ": "
            + errors.stream()
                .limit(5)
                .map(e -> e.getInstanceLocation() + " " + e.getMessage())
                .toList()
            + " in "
            + abbreviated(body));
  }

  private Optional<String> template(String method, String requestPath) {
    String verb = method.toLowerCase(Locale.ROOT);
    return routes.stream()
        .filter(r -> r.pattern().matcher(requestPath).matches() && r.item().containsKey(verb))
        .map(Route::template)
        .findFirst();
  }

  private JsonObject resolve(String ref) {
    JsonValue value = document;
    for (String segment : ref.substring(2).split("/")) {
      value = value.asJsonObject().get(segment.replace("~1", "/").replace("~0", "~"));
    }
    return value.asJsonObject();
  }

  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  private static String abbreviated(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "…";
  }

  /**
   * Liberty serves /openapi before the application has started (a document with no paths); that one
   * must not become the contract of every later reply, so it is fetched again until the API is in
   * it (60 s at most).
   */
  private static String applicationDocument() {
    return await("/v1 operations in /openapi (is the WAR deployed?)")
        .atMost(Duration.ofSeconds(60))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> fetch("/openapi?format=JSON", "target/openapi.json"),
            json -> json.contains("\"/v1/me\""));
  }

  private static String fetch(String path, String target) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(Api.uri(path)).timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError(path + " answered " + response.statusCode());
      }
      Path file = Path.of(target);
      Files.createDirectories(file.getParent());
      Files.writeString(file, response.body());
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
