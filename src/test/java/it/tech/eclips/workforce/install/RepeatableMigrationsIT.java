package it.tech.eclips.workforce.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.harness.TestDatabase;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.eclips.workforce.tools.DatabaseBootstrap;
import tech.eclips.workforce.tools.DatabaseSettings;
import tech.eclips.workforce.tools.Migrations;

/**
 * The {@code db-migrations/R__*.sql} files only restate the functions the {@code V} files made: a
 * database migrated with the {@code V} files alone, the same database after an upgrade that adds
 * the {@code R__} files (an install from before they existed), and a fresh database migrated with
 * both have the same catalog: every function's identity, owner, {@code SECURITY DEFINER}, {@code
 * SET} settings, grants, comment and {@code pg_get_functiondef}, and every relation's grants, row
 * level security flags and policies. A function whose signature an {@code R__} file changes shows
 * up as a new overload next to the old one, so it fails here: a changed signature or a drop needs a
 * {@code V} migration (docs/database.md, "Migrations").
 *
 * <p>Function bodies edited in an {@code R__} file after the move (the accept, issue 22) are listed
 * in {@link #BODIES_EDITED_IN_REPEATABLES}; their definition is then compared without its body.
 */
class RepeatableMigrationsIT {

  /**
   * Functions ({@code schema.name(identity arguments)}) whose R__ body differs from the V files'.
   */
  static final Set<String> BODIES_EDITED_IN_REPEATABLES =
      Set.of(
          "public.eclips_accept_runs(p_accepts jsonb)",
          // V27's credit events (issue 23)
          "public.eclips_credit_debit(p_amount bigint, p_run uuid, p_open boolean)",
          "public.eclips_credit_set_budget(p_budget bigint)",
          // V37's check that an org exists when its chain starts (issue 26)
          "public.eclips_append_audit(p_batch jsonb)");

  private static final Path MIGRATIONS = Path.of("db-migrations");

  @Test
  void repeatablesChangeNothingThatTheVersionedMigrationsMade(@TempDir Path temp)
      throws IOException, SQLException {
    Path versionedOnly = Files.createDirectory(temp.resolve("versioned"));
    Path all = Files.createDirectory(temp.resolve("all"));
    int repeatables = copy(versionedOnly, all);
    assertTrue(repeatables >= 6, "R__ files found: " + repeatables);

    DatabaseSettings cluster = TestDatabase.settings();
    String tag = random(4);
    DatabaseSettings upgraded = cluster.withName("eclips_rmig_up_" + tag);
    DatabaseSettings fresh = cluster.withName("eclips_rmig_fresh_" + tag);
    try {
      DatabaseBootstrap.prepare(upgraded, true);
      assertTrue(Migrations.apply(upgraded, versionedOnly) > 0);
      Map<String, String> versioned = catalog(cluster, upgraded.name());
      assertFalse(versioned.isEmpty());

      assertEquals(repeatables, Migrations.apply(upgraded, all), "the upgrade applies the R__");
      Map<String, String> afterUpgrade = catalog(cluster, upgraded.name());

      DatabaseBootstrap.prepare(fresh, true);
      Migrations.apply(fresh, all);
      Map<String, String> fromScratch = catalog(cluster, fresh.name());

      assertEquals(Map.of(), differences(versioned, afterUpgrade), "the upgrade adding R__");
      assertEquals(Map.of(), differences(versioned, fromScratch), "a fresh migration with R__");
      assertEquals(0, Migrations.apply(fresh, all), "a second run changes nothing");
    } finally {
      drop(cluster, upgraded.name());
      drop(cluster, fresh.name());
    }
  }

  /** Each object whose line differs, or that only one side has: V alone, then with R__. */
  private static Map<String, String> differences(
      Map<String, String> versioned, Map<String, String> withRepeatables) {
    Map<String, String> differing = new TreeMap<>();
    Set<String> identities = new TreeSet<>(versioned.keySet());
    identities.addAll(withRepeatables.keySet());
    for (String identity : identities) {
      String before = versioned.get(identity);
      String after = withRepeatables.get(identity);
      if (!Objects.equals(before, after)) {
        differing.put(identity, "V alone:\n" + before + "\nwith R__:\n" + after);
      }
    }
    return differing;
  }

  /**
   * Copies V files to {@code versionedOnly}, all to {@code all}; returns how many R__ there are.
   */
  private static int copy(Path versionedOnly, Path all) throws IOException {
    int repeatables = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(MIGRATIONS, "*.sql")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        Files.copy(file, all.resolve(name));
        if (name.startsWith("V")) {
          Files.copy(file, versionedOnly.resolve(name));
        } else if (name.startsWith("R__")) {
          repeatables++;
        }
      }
    }
    return repeatables;
  }

  /** One line per function and per relation of the application's schemas, keyed by identity. */
  private static Map<String, String> catalog(DatabaseSettings cluster, String database)
      throws SQLException {
    Map<String, String> objects = new TreeMap<>();
    try (Connection admin =
            DriverManager.getConnection(
                cluster.jdbcUrl(database), cluster.admin().user(), cluster.admin().password());
        Statement sql = admin.createStatement()) {
      try (ResultSet row =
          sql.executeQuery(
              """
              SELECT format('function %s.%s(%s)', n.nspname, p.proname,
                            pg_get_function_identity_arguments(p.oid)),
                     concat_ws(' | ', pg_get_userbyid(p.proowner), p.prosecdef, p.proconfig::text,
                               p.proacl::text, obj_description(p.oid, 'pg_proc'), p.provolatile,
                               p.proleakproof, p.proparallel),
                     pg_get_functiondef(p.oid), p.prosrc
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                 AND n.nspname NOT LIKE 'pg_toast%'
              """)) {
        while (row.next()) {
          String identity = row.getString(1);
          String definition = row.getString(3);
          if (BODIES_EDITED_IN_REPEATABLES.contains(identity.substring("function ".length()))) {
            definition = definition.replace(row.getString(4), "<body edited in its R__ file>");
          }
          objects.put(identity, row.getString(2) + "\n" + definition);
        }
      }
      try (ResultSet row =
          sql.executeQuery(
              """
              SELECT format('relation %s.%s', n.nspname, c.relname),
                     concat_ws(' | ', c.relkind, pg_get_userbyid(c.relowner), c.relacl::text,
                               c.relrowsecurity, c.relforcerowsecurity,
                               (SELECT string_agg(format('%s %s %s %s using(%s) check(%s)',
                                                         pol.polname, pol.polcmd, pol.polpermissive,
                                                         pol.polroles::regrole[]::text,
                                                         pg_get_expr(pol.polqual, pol.polrelid),
                                                         pg_get_expr(pol.polwithcheck, pol.polrelid)),
                                                  '; ' ORDER BY pol.polname)
                                  FROM pg_policy pol WHERE pol.polrelid = c.oid),
                               CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                 AND n.nspname NOT LIKE 'pg_toast%'
                 AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              """)) {
        while (row.next()) {
          objects.put(row.getString(1), row.getString(2));
        }
      }
    }
    assertTrue(
        objects.keySet().stream().anyMatch(k -> k.startsWith("function ")),
        "no functions in " + database);
    return objects;
  }

  private static void drop(DatabaseSettings cluster, String database) throws SQLException {
    try (Connection admin =
            DriverManager.getConnection(
                cluster.jdbcUrl("postgres"), cluster.admin().user(), cluster.admin().password());
        Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    new SecureRandom().nextBytes(value);
    return HexFormat.of().formatHex(value);
  }
}
