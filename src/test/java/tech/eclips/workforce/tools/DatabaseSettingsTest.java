package tech.eclips.workforce.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

  @Test
  void defaultsNameSeparateOwnerAndAppRoles() {
    DatabaseSettings db = DatabaseSettings.fromEnvironment(Map.of(), "localhost", 5432, "eclips");
    assertEquals("eclips_owner", db.owner().user());
    assertEquals("eclips_app", db.app().user());
    assertEquals("eclips_platform_app", db.platform().user());
    assertEquals("jdbc:postgresql://localhost:5432/eclips", db.jdbcUrl());
  }

  @Test
  void thePlatformRoleIsNeverTheAppRole() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            DatabaseSettings.fromEnvironment(
                Map.of("ECLIPS_DB_PLATFORM_USER", "eclips_app"), "h", 1, "d"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            DatabaseSettings.fromEnvironment(
                Map.of("ECLIPS_DB_APP_USER", "svc", "ECLIPS_DB_PLATFORM_USER", "svc"),
                "h",
                1,
                "d"));
  }

  @Test
  void noHostMeansEmbedded() {
    assertTrue(DatabaseSettings.configuredHost(Map.of()).isEmpty());
    assertTrue(DatabaseSettings.configuredHost(Map.of("ECLIPS_DB_HOST", " ")).isEmpty());
    assertFalse(DatabaseSettings.configuredHost(Map.of("ECLIPS_DB_HOST", "db")).isEmpty());
  }

  @Test
  void roleAndDatabaseNamesMustBePlainIdentifiers() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            DatabaseSettings.fromEnvironment(
                Map.of("ECLIPS_DB_APP_USER", "app; DROP ROLE x"), "h", 1, "d"));
    DatabaseSettings db = DatabaseSettings.fromEnvironment(Map.of(), "h", 1, "d");
    assertThrows(IllegalArgumentException.class, () -> db.withName("Eclips-IT"));
  }

  @Test
  void passwordsNeverPrint() {
    DatabaseSettings db =
        DatabaseSettings.fromEnvironment(Map.of("ECLIPS_DB_APP_PASSWORD", "s3cret"), "h", 1, "d");
    assertFalse(db.toString().contains("s3cret"));
  }

  @Test
  void anInstallChecksTheServersCertificateUnlessAWeakerModeIsNamed() {
    Map<String, String> install = Map.of("ECLIPS_DB_HOST", "db.internal");
    assertEquals(
        "jdbc:postgresql://db.internal:5432/eclips?sslmode=verify-full",
        DatabaseSettings.configured(install).jdbcUrl());
    assertTrue(DatabaseSettings.configured(install).verifiesServer());
    DatabaseSettings named =
        DatabaseSettings.configured(
            Map.of("ECLIPS_DB_HOST", "db.internal", "ECLIPS_DB_SSL_MODE", "disable"));
    assertEquals("jdbc:postgresql://db.internal:5432/eclips?sslmode=disable", named.jdbcUrl());
    assertFalse(named.verifiesServer());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            DatabaseSettings.configured(
                Map.of("ECLIPS_DB_HOST", "db.internal", "ECLIPS_DB_SSL_MODE", "off")));
  }
}
