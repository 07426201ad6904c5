package it.tech.eclips.workforce.reliability;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Slow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.tools.OwnServer;
import tech.eclips.workforce.tools.Reliability;
import tech.eclips.workforce.tools.ReliabilityOptions;
import tech.eclips.workforce.tools.ReliabilityResult;

/**
 * The short fault run ({@code bench/reliability.sh --short}) in CI: its own server of the build's
 * kind (eclips-reliability: Liberty, or under -Pwildfly the provisioned WildFly; port 9480 unless
 * {@code eclips.reliability.http.port} says otherwise) and its own embedded PostgreSQL, so it can
 * kill and restart both without touching the Arquillian server or the machine's cluster, which
 * other databases share. Clients create runs with Idempotency-Keys and retries while the server is
 * killed with kill -9 and restarted, the app's connections are terminated and PostgreSQL restarts
 * in immediate mode; afterwards every invariant figure must hold: no acknowledged run lost, none
 * stuck, runs ≡ debits ≡ creation audit entries, one run per key, balance ≡ ledger, refunds ≡
 * failed runs, every org's chain valid.
 *
 * <p>{@code -Declips.reliability.db=configured} runs it on the PostgreSQL of {@code ECLIPS_DB_HOST}
 * instead, without the restart. Not an Arquillian test: nothing is deployed.
 */
@Slow
@Tag("heavy") // .ci/run runs it in the Liberty build only (docs/testing.md, CI)
class FaultRunIT {

  @Test
  void everyInvariantHoldsThroughCrashesAndRestarts() throws Exception {
    boolean embedded =
        !"configured".equals(System.getProperty("eclips.reliability.db", "embedded"));
    Map<String, String> env = new HashMap<>(System.getenv());
    if (embedded) {
      env.remove("ECLIPS_DB_HOST");
    }
    OwnServer.Kind server = OwnServer.Kind.ofThisBuild();
    ReliabilityOptions options =
        ReliabilityOptions.parse(
            new String[] {
              "--short",
              "--server=" + server.option(),
              "--runtime=" + server.runtimeOfThisBuild(),
              "--war=" + System.getProperty("eclips.war"),
              "--results=target/reliability-results",
              "--http-port=" + System.getProperty("eclips.reliability.http.port", "9480"),
              "--https-port=" + System.getProperty("eclips.reliability.https.port", "9843")
            },
            env);

    ReliabilityResult result = new Reliability(options).run();

    assertAll(
        () -> assertEquals(List.of(), result.failures(), "invariants that do not hold"),
        () -> assertEquals(0, result.lost(), "acknowledged runs lost"),
        () -> assertEquals(0, result.stuck(), "runs stuck after recovery"),
        () -> assertTrue(result.ok() > 0, "no run was acknowledged"),
        () -> assertTrue(result.serverKills() >= 1, "the server was never killed"),
        () -> assertTrue(result.backendTerminations() >= 1, "no connection was terminated"),
        () ->
            assertTrue(
                !embedded || result.postgresRestartCount() >= 1, "PostgreSQL never restarted"));
  }
}
