package tech.eclips.workforce.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The package's bin/eclips-db refuses what it cannot do before it connects anywhere. */
class DatabaseCommandTest {

  private static final Path MIGRATIONS = Path.of("db-migrations");

  @Test
  void unknownOrMissingCommandsAreUsageErrors() {
    Map<String, String> env = Map.of("ECLIPS_DB_HOST", "127.0.0.1");
    assertEquals(DatabaseCommand.USAGE, DatabaseCommand.run(new String[] {}, env, MIGRATIONS));
    assertEquals(
        DatabaseCommand.USAGE, DatabaseCommand.run(new String[] {"drop"}, env, MIGRATIONS));
    assertEquals(
        DatabaseCommand.USAGE,
        DatabaseCommand.run(new String[] {"migrate", "status"}, env, MIGRATIONS));
  }

  @Test
  void withoutAHostNothingIsAttempted() {
    for (String command : new String[] {"bootstrap", "migrate", "status"}) {
      assertEquals(
          DatabaseCommand.FAILED,
          DatabaseCommand.run(new String[] {command}, Map.of(), MIGRATIONS),
          command);
    }
  }

  @Test
  void aRoleNameThatIsNoPlainIdentifierIsRefused() {
    Map<String, String> env =
        Map.of("ECLIPS_DB_HOST", "127.0.0.1", "ECLIPS_DB_APP_USER", "app; DROP ROLE postgres");
    assertEquals(
        DatabaseCommand.FAILED, DatabaseCommand.run(new String[] {"bootstrap"}, env, MIGRATIONS));
  }
}
