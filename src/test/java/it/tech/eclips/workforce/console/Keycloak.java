package it.tech.eclips.workforce.console;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * A real OpenID provider for the console's sign-in test: Keycloak's distribution (unpacked into
 * target/ by the build from Maven Central, {@code keycloak-quarkus-dist}) started in dev mode on
 * the machine's JDK 17, on ports of its own, with an in-memory database and one imported realm.
 * Every wait is bounded; its output goes to {@code target/keycloak.log}.
 */
final class Keycloak implements AutoCloseable {

  static final String REALM = "eclips";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One person of the realm. */
  record Person(String username, String password, String role, String org) {}

  private final Path home;
  private final int port;
  private final String adminPassword = random();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;

  private Keycloak(Path home, int port) {
    this.home = home;
    this.port = port;
  }

  /** Skips when the build left Keycloak out (-Declips.keycloak.skip=true), fails under CI. */
  static Keycloak unpackedOrSkip() {
    Path home = Path.of(System.getProperty("eclips.keycloak.home", "target/keycloak"));
    if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
      String why = "no Keycloak at " + home + " (the build unpacks it unless eclips.keycloak.skip)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(why);
      }
      Assumptions.abort(why);
    }
    return new Keycloak(home, Integer.getInteger("eclips.keycloak.port", 9380));
  }

  URI issuer() {
    return URI.create("http://127.0.0.1:" + port + "/realms/" + REALM);
  }

  /** The realm's signing keys as its JWKS endpoint serves them (a JWK Set). */
  String keySet() throws IOException, InterruptedException {
    HttpResponse<String> keys = send(HttpRequest.newBuilder(jwks()).build());
    if (keys.statusCode() != 200) {
      throw new IllegalStateException("JWKS: " + keys.statusCode());
    }
    return keys.body();
  }

  URI jwks() {
    return URI.create(issuer() + "/protocol/openid-connect/certs");
  }

  /**
   * Writes the realm for import and starts Keycloak; returns when the realm's discovery answers.
   */
  void start(Map<String, String> realmValues, List<Person> people, Duration within)
      throws IOException, InterruptedException {
    Path imports = home.resolve("data/import");
    Files.createDirectories(imports);
    Files.writeString(imports.resolve(REALM + "-realm.json"), realm(realmValues, people));
    ProcessBuilder builder =
        new ProcessBuilder(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--import-realm",
                "--db=dev-mem",
                "--cache=local",
                "--http-port=" + port,
                "--http-management-port=" + (port + 1),
                "--hostname=http://127.0.0.1:" + port,
                "--log-level=WARN")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(Path.of("target/keycloak.log").toFile()));
    builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
    builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
    process = builder.start();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Keycloak exited; see target/keycloak.log");
      }
      if (answers(URI.create(issuer() + "/.well-known/openid-configuration"))) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Keycloak did not start within " + within);
  }

  /**
   * Ends every session of a person at the provider, as an administrator (or the person elsewhere)
   * would: the refresh token of a console session then stops working.
   */
  void endSessionsOf(String username) throws IOException, InterruptedException {
    String admin = adminToken();
    String users =
        send(HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/admin/realms/"
                            + REALM
                            + "/users?exact=true&username="
                            + URLEncoder.encode(username, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + admin)
                .build())
            .body();
    String id =
        Json.createReader(new StringReader(users)).readArray().getJsonObject(0).getString("id");
    HttpResponse<String> logout =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/admin/realms/"
                            + REALM
                            + "/users/"
                            + id
                            + "/logout"))
                .header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    if (logout.statusCode() / 100 != 2) {
      throw new IllegalStateException("logout of " + username + ": " + logout.statusCode());
    }
  }

  private String adminToken() throws IOException, InterruptedException {
    String form =
        "grant_type=password&client_id=admin-cli&username=admin&password="
            + URLEncoder.encode(adminPassword, StandardCharsets.UTF_8);
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    JsonObject token = Json.createReader(new StringReader(answer.body())).readObject();
    return token.getString("access_token");
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private boolean answers(URI uri) throws InterruptedException {
    try {
      return http.send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static String realm(Map<String, String> values, List<Person> people) {
    String text;
    try (var in = Keycloak.class.getResourceAsStream("/keycloak/eclips-realm.json")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("@" + value.getKey() + "@", value.getValue());
    }
    return text.replace(
        "@USERS@", people.stream().map(Keycloak::user).collect(Collectors.joining(",\n    ")));
  }

  private static String user(Person person) {
    var user =
        Json.createObjectBuilder()
            .add("username", person.username())
            .add("enabled", true)
            .add("email", person.username() + "@example.com")
            .add("emailVerified", true)
            .add("firstName", person.username())
            .add("lastName", "Tester")
            .add(
                "credentials",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("type", "password")
                            .add("value", person.password())
                            .add("temporary", false)))
            .add("realmRoles", Json.createArrayBuilder().add(person.role()));
    if (person.org() != null) {
      user.add(
          "attributes",
          Json.createObjectBuilder()
              .add("eclips_org", Json.createArrayBuilder().add(person.org())));
    }
    return user.build().toString();
  }

  static String random() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
