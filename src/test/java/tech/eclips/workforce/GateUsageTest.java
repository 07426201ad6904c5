package tech.eclips.workforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The database's cross-org gate functions are each called from one package only, so a tenant
 * request can never reach one by accident (db-migrations V3, V4, V5, V7, V21).
 */
class GateUsageTest {

  private static final Path SOURCES = Path.of("src/main/java/tech/eclips/workforce");

  /** Gate function -> the only package that may name it. */
  private static final Map<String, String> OWNERS =
      Map.ofEntries(
          Map.entry("platform_create_org", "platform"),
          Map.entry("platform_change_plan", "platform"),
          Map.entry("resolve_api_key", "keys"),
          Map.entry("recent_key_change_ids", "keys"),
          Map.entry("credit_levels", "credits"),
          Map.entry("purge_audit_log", "audit"),
          Map.entry("purge_events", "audit"),
          Map.entry("all_org_ids", "audit"),
          Map.entry("unfinished_runs", "runs"),
          Map.entry("purge_expired_idempotency_keys", "idempotency"),
          Map.entry("platform_idempotency_claim", "idempotency"),
          Map.entry("platform_idempotency_remember", "idempotency"),
          Map.entry("platform_idempotency_release", "idempotency"),
          Map.entry("platform_authorize_credit_grant", "platform"),
          Map.entry("platform_set_monthly_credits", "plans"));

  /** Executable only by the platform role (V10): callers must use its connection. */
  private static final List<String> PLATFORM_ROLE_FUNCTIONS =
      List.of(
          "platform_create_org",
          "platform_change_plan",
          "all_org_ids",
          "unfinished_runs",
          "purge_expired_idempotency_keys",
          "platform_idempotency_claim",
          "platform_idempotency_remember",
          "platform_idempotency_release",
          "recent_key_change_ids",
          "credit_levels",
          "platform_authorize_credit_grant",
          "platform_set_monthly_credits");

  @Test
  void platformRoleFunctionsAreCalledThroughThePlatformConnectionOnly() throws IOException {
    List<String> strays = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        for (String function : PLATFORM_ROLE_FUNCTIONS) {
          boolean onTheAppConnection =
              Pattern.compile("createNativeQuery\\(\\s*\"[^\"]*eclips_gate\\." + function)
                  .matcher(text)
                  .find();
          if (text.contains("eclips_gate." + function)
              && (!text.contains("PlatformDatabase") || onTheAppConnection)) {
            strays.add(file + " calls eclips_gate." + function + " on another connection");
          }
        }
      }
    }
    assertEquals(List.of(), strays);
  }

  @Test
  void eachGateFunctionIsNamedOnlyByItsOwningPackage() throws IOException {
    List<String> strays = new ArrayList<>();
    int uses = 0;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        String feature = SOURCES.relativize(file).getName(0).toString();
        for (Map.Entry<String, String> gate : OWNERS.entrySet()) {
          if (text.contains("eclips_gate." + gate.getKey())) {
            uses++;
            if (!feature.equals(gate.getValue())) {
              strays.add(file + " names eclips_gate." + gate.getKey());
            }
          }
        }
      }
    }
    assertEquals(List.of(), strays);
    assertTrue(uses >= OWNERS.size(), "the scan found too few gate calls to be trusted: " + uses);
  }
}
