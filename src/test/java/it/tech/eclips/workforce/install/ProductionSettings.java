package it.tech.eclips.workforce.install;

import it.tech.eclips.workforce.harness.Api.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tech.eclips.workforce.tools.DatabaseSettings;
import tech.eclips.workforce.tools.DevTokens;

/**
 * What an operator provides, made for one test run: a TLS keystore with a certificate for 127.0.0.1
 * (keytool), an identity provider's key pair (the public key as PEM for the server, the private key
 * to mint tokens), and the database. Turned into the only configuration the installed server gets:
 * environment variables. The HTTPS client trusts that certificate alone, so an answer proves the
 * server serves the operator's keystore, not Liberty's self-signed fallback.
 */
public final class ProductionSettings {

  static final String ISSUER = "https://idp.package-it.example/";
  static final String AUDIENCE = "eclips-workforce";

  private final Path keystore;
  private final String keystorePassword;
  private final Path publicKey;
  private final KeyPair identity;
  private final DatabaseSettings cluster;
  private final String databaseName;
  private final Ports ports;
  private final HttpClient https;

  private ProductionSettings(
      Path keystore,
      String keystorePassword,
      Path publicKey,
      KeyPair identity,
      DatabaseSettings cluster,
      String databaseName,
      Ports ports)
      throws IOException, GeneralSecurityException {
    this.keystore = keystore;
    this.keystorePassword = keystorePassword;
    this.publicKey = publicKey;
    this.identity = identity;
    this.cluster = cluster;
    this.databaseName = databaseName;
    this.ports = ports;
    this.https =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .sslContext(trustingOnly(keystore, keystorePassword))
            .build();
  }

  /**
   * The install's ports: HTTPS; plain HTTP when a test opens it; WildFly's local management port
   * (which also answers the health checks the application's ports pass on).
   */
  public record Ports(int https, int http, int management) {}

  /**
   * @param cluster the PostgreSQL the integration tests use (the machine's, or the embedded one
   *     when ECLIPS_DB_HOST is unset): its host, port, administrator and roles
   */
  public static ProductionSettings create(
      Path where, DatabaseSettings cluster, String databaseName, Ports ports)
      throws IOException, GeneralSecurityException, InterruptedException {
    // absolute: the server reads them from its own working directory
    Path folder = Files.createDirectories(where.toAbsolutePath());
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    Path keystore = folder.resolve("tls.p12");
    keytool(keystore, password);
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair identity = rsa.generateKeyPair();
    Path publicKey = folder.resolve("idp-public-key.pem");
    Files.writeString(
        publicKey,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(identity.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    return new ProductionSettings(
        keystore, password, publicKey, identity, cluster, databaseName, ports);
  }

  /**
   * The integration tests' own roles with their passwords: roles are cluster-wide, so the package's
   * bootstrap re-asserts exactly what the harness made and changes nothing another build relies on
   * (a second owner role, say, would be one more member of the gate roles on the whole cluster).
   */
  Map<String, String> database() {
    Map<String, String> env = databaseWithDefaultTls();
    // the tests' PostgreSQL has no TLS: the weaker mode is chosen by name, as an operator must
    env.put("ECLIPS_DB_SSL_MODE", "disable");
    return env;
  }

  /** The same without ECLIPS_DB_SSL_MODE: the package's default, verify-full. */
  Map<String, String> databaseWithDefaultTls() {
    Map<String, String> env = base();
    env.put("ECLIPS_DB_HOST", cluster.host());
    env.put("ECLIPS_DB_PORT", Integer.toString(cluster.port()));
    env.put("ECLIPS_DB_NAME", databaseName);
    env.put("ECLIPS_DB_ADMIN_USER", cluster.admin().user());
    env.put("ECLIPS_DB_ADMIN_PASSWORD", cluster.admin().password());
    env.put("ECLIPS_DB_OWNER_USER", cluster.owner().user());
    env.put("ECLIPS_DB_OWNER_PASSWORD", cluster.owner().password());
    env.put("ECLIPS_DB_APP_USER", cluster.app().user());
    env.put("ECLIPS_DB_APP_PASSWORD", cluster.app().password());
    env.put("ECLIPS_DB_PLATFORM_USER", cluster.platform().user());
    env.put("ECLIPS_DB_PLATFORM_PASSWORD", cluster.platform().password());
    return env;
  }

  /**
   * The server's: HTTPS on loopback (no ECLIPS_HTTP_PORT: the package then opens no plain HTTP),
   * the operator's keystore and identity provider.
   */
  Map<String, String> server() {
    Map<String, String> env = database();
    env.remove("ECLIPS_DB_ADMIN_USER");
    env.remove("ECLIPS_DB_ADMIN_PASSWORD");
    env.remove("ECLIPS_DB_OWNER_PASSWORD");
    env.put("ECLIPS_HTTPS_PORT", Integer.toString(ports.https()));
    env.put("ECLIPS_HTTP_HOST", "127.0.0.1");
    // WildFly's (Liberty has none): on loopback only, a port of this test's own
    env.put("ECLIPS_MANAGEMENT_PORT", Integer.toString(ports.management()));
    env.put("ECLIPS_TLS_KEYSTORE", keystore.toString());
    env.put("ECLIPS_TLS_KEYSTORE_PASSWORD", keystorePassword);
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString());
    env.put("MP_JWT_VERIFY_ISSUER", ISSUER);
    env.put("MP_JWT_VERIFY_AUDIENCES", AUDIENCE);
    // a loaded CI machine can take minutes to start the application
    env.put("ECLIPS_START_TIMEOUT", "300");
    return env;
  }

  /**
   * The operator's keystore and identity provider as a laid-out server's variables (the names
   * server.xml and configure.cli read before the environment), for a server the tools start
   * themselves ({@code OwnServer}), which gets the database apart.
   */
  public Map<String, String> serverVariables() {
    return Map.of(
        "eclips.tls.keystore",
        keystore.toString(),
        "eclips.tls.keystore.password",
        keystorePassword,
        "eclips.tls.keystore.type",
        "PKCS12",
        "mp.jwt.verify.publickey.location",
        publicKey.toString(),
        "mp.jwt.verify.issuer",
        ISSUER,
        "mp.jwt.verify.audiences",
        AUDIENCE);
  }

  /** The same with plain HTTP opened (ECLIPS_HTTP_PORT) and the console log as JSON lines. */
  Map<String, String> serverWithPlainHttpAndJsonConsole() {
    Map<String, String> env = server();
    env.put("ECLIPS_HTTP_PORT", Integer.toString(ports.http()));
    env.put("ECLIPS_LOG_FORMAT", "json");
    return env;
  }

  Ports ports() {
    return ports;
  }

  /** The same without ECLIPS_DB_SSL_MODE: the package's default, verify-full. */
  Map<String, String> serverWithDefaultTls() {
    Map<String, String> env = server();
    env.remove("ECLIPS_DB_SSL_MODE");
    return env;
  }

  /** The same, but with the repository's DEV-ONLY key as the identity provider's. */
  Map<String, String> serverWithDevKey() {
    Map<String, String> env = server();
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", DevTokens.publicKey().toString());
    return env;
  }

  /** What a shell on a bare server has: a PATH and the JDK. */
  private static Map<String, String> base() {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("HOME", System.getProperty("java.io.tmpdir"));
    return env;
  }

  String token(String group, String org) {
    return DevTokens.mint(
        identity.getPrivate(),
        ISSUER,
        AUDIENCE,
        "package-it@" + group,
        List.of(group),
        org,
        Instant.now().plus(Duration.ofMinutes(30)));
  }

  /** A token from the DEV-ONLY key with this server's issuer and audience: must be refused. */
  String devKeyToken(String group) {
    return DevTokens.mint(
        ISSUER,
        AUDIENCE,
        "package-it@" + group,
        List.of(group),
        null,
        Instant.now().plus(Duration.ofMinutes(30)));
  }

  /**
   * Polls {@code /health/ready} until {@code 200}: 'bin/eclips start' returns when the application
   * has started, and on a loaded machine the first TLS connections can still take longer than a
   * connect timeout. Bounded; false if it never answered ready.
   */
  boolean awaitReady(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (send("GET", "/health/ready", null).status() == 200) {
          return true;
        }
      } catch (UncheckedIOException notYet) {
        // connection refused or timed out: try again until the deadline
      }
      Thread.sleep(1000);
    }
    return false;
  }

  Reply send(String method, String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + ports.https() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      HttpResponse<String> response =
          https.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A GET over plain HTTP on the port {@link #serverWithPlainHttpAndJsonConsole} opens. */
  int plainHttpStatus(String path) throws InterruptedException {
    try {
      return HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(20))
          .build()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.http() + path))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void keytool(Path keystore, String password)
      throws IOException, InterruptedException {
    Files.deleteIfExists(keystore);
    Path log = keystore.resolveSibling("keytool.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "eclips",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass:env",
                "KEYSTORE_PASSWORD")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // the password reaches keytool through its environment, never its command line
    builder.environment().put("KEYSTORE_PASSWORD", password);
    Process keytool = builder.start();
    keytool.getOutputStream().close();
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException(
          "keytool could not make the test keystore: " + Files.readString(log));
    }
  }

  private static SSLContext trustingOnly(Path keystore, String password)
      throws IOException, GeneralSecurityException {
    KeyStore server = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      server.load(in, password.toCharArray());
    }
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("server", server.getCertificate("eclips"));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
