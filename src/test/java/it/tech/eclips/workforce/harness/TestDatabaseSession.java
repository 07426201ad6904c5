package it.tech.eclips.workforce.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import tech.eclips.workforce.tools.DevTokens;
import tech.eclips.workforce.tools.ProvisionedDatabase;

/**
 * Runs once per failsafe JVM, before Arquillian starts the server: provisions a freshly created
 * database (the machine's PostgreSQL when ECLIPS_DB_HOST is set, an embedded one otherwise),
 * applies the migrations as the owner role, and points the created test server at it.
 */
public class TestDatabaseSession implements LauncherSessionListener {

  private ProvisionedDatabase database;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!Boolean.getBoolean("eclips.it") || database != null) {
      return;
    }
    database =
        ProvisionedDatabase.provision(
            System.getenv(),
            System.getProperty("eclips.it.db.name", "eclips_it"),
            true,
            Path.of("target/it-db"),
            0);
    deleteLogsOfEarlierRuns(TestServer.directory().resolve("logs"));
    TestServer.current().pointAt(database.settings(), testVariables());
    if (TestServer.current() == TestServer.LIBERTY) {
      addUserOutsideTheReaderRole(TestServer.directory());
    }
    TestDatabase.use(database.settings());
  }

  /** Where the test server reads the leak reporters' public keys (written by LeakReportsIT). */
  public static final Path LEAK_REPORTER_KEYS =
      Path.of("target/leak-reporter-keys.json").toAbsolutePath();

  /** A second operator without the reader role, whom /metrics must refuse with 403 (MetricsIT). */
  public static final String NON_READER = "not-a-reader";

  public static final String NON_READER_PASSWORD = "DEV-ONLY-not-a-reader";

  private static void addUserOutsideTheReaderRole(Path server) {
    try {
      Files.writeString(
          server.resolve("configDropins/overrides/eclips-test-operators.xml"),
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<server>\n"
              + "  <basicRegistry id=\"eclipsOperators\">\n"
              + "    <user name=\""
              + NON_READER
              + "\" password=\""
              + NON_READER_PASSWORD
              + "\"/>\n"
              + "  </basicRegistry>\n</server>\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where WebhookDeliveryIT's HTTPS receivers listen: the only allow-listed destination. */
  public static final String WEBHOOK_RECEIVER_ADDRESS = "127.0.0.77";

  /** The trust store WebhookDeliveryIT writes its receivers' certificate into (read on change). */
  public static final Path WEBHOOK_TRUST_STORE =
      Path.of("target/webhook-receivers/trust.p12").toAbsolutePath();

  public static final String WEBHOOK_TRUST_STORE_PASSWORD = "DEV-ONLY-webhook-trust";

  /** The log tests read what this run wrote, nothing older. */
  private static void deleteLogsOfEarlierRuns(Path logs) {
    if (!Files.isDirectory(logs)) {
      return;
    }
    try (Stream<Path> files = Files.walk(logs)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Dev-mode JWTs, and key uses written every second so tests need not wait a minute. */
  private static Map<String, String> testVariables() {
    Map<String, String> variables = new HashMap<>(DevTokens.serverVariables());
    variables.put("eclips.keys.last-used-flush", "PT1S");
    // AuditAnchorIT waits for a signed checkpoint of its org's chain head
    variables.put("eclips.audit.checkpoint-interval", "PT1S");
    // KeyUsageIT reads the per-key usage rollup (issue 25) a second after the requests
    variables.put("eclips.keys.usage-flush", "PT1S");
    // growth orgs start with 100 credits (10 invoice runs), so "credits for exactly k runs" is
    // cheap
    variables.put("eclips.plans.growth.monthly-credits", "100");
    // CreditFieldsIT checks that refusals before the tenant binding report the node's recent
    // reading: a slow machine must not let it expire between two consecutive requests
    variables.put("eclips.credits.field-max-age", "PT10S");
    // The tests are the loopback "proxy": a test chooses its client address with X-Forwarded-For,
    // so per-address limits of one test never meet another's.
    variables.put("eclips.http.trusted-proxies", "127.0.0.1,::1");
    // LeakReportsIT writes the public key of a pair it makes here, as GitHub publishes its own
    variables.put("eclips.keys.leak-reports.public-keys-file", LEAK_REPORTER_KEYS.toString());
    // One console user and one operator make every HostileInputIT variant of their API (~900 and
    // ~300 in a few seconds): above the defaults (300 per user, 600 per org a minute), which would
    // answer most of them 429 before their hostile values reach the code. ConsoleLimitsIT reads
    // the figures from the RateLimit fields, so it proves these as it would the defaults.
    variables.put("eclips.ratelimit.console.per-user-per-minute", "1500");
    variables.put("eclips.ratelimit.console.per-org-per-minute", "3000");
    variables.put("eclips.ratelimit.platform.per-user-per-minute", "1500");
    // WebhookDeliveryIT's receivers listen on 127.0.0.77 (only that address is allow-listed, so
    // WebhookEndpointsIT still sees 127.0.0.1 refused) with a certificate the test makes and puts
    // in this trust store; retries come within seconds and end after 20 s, not 3 days
    variables.put("eclips.webhooks.allowed-destinations", WEBHOOK_RECEIVER_ADDRESS + "/32");
    variables.put("eclips.webhooks.trust-store", WEBHOOK_TRUST_STORE.toString());
    variables.put("eclips.webhooks.trust-store-password", WEBHOOK_TRUST_STORE_PASSWORD);
    variables.put("eclips.webhooks.delivery.poll-interval", "PT0.2S");
    variables.put("eclips.webhooks.delivery.read-timeout", "PT5S");
    variables.put("eclips.webhooks.delivery.attempt-timeout", "PT8S");
    variables.put("eclips.webhooks.delivery.lease", "PT15S");
    variables.put("eclips.webhooks.retry.first-delay", "PT0.5S");
    variables.put("eclips.webhooks.retry.max-delay", "PT2S");
    variables.put("eclips.webhooks.retry.window", "PT20S");
    return variables;
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (database != null) {
      database.close();
    }
  }
}
