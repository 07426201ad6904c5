package it.tech.eclips.workforce.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.harness.Catalog;
import it.tech.eclips.workforce.harness.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What distributing the schema by {@code org_id} on Citus needs, read from the migrated catalog
 * (Citus itself is not installable on the build machines, so this proves readiness, not that it
 * runs there). Every table is one of: the tenants (distributed by {@code id}), org-scoped (has
 * {@code org_id}; distributed by it, colocated with the tenants), a reference table (listed here
 * with its reason) or coordinator-only (listed). A new table that is none of these fails the test.
 * And {@code db-migrations/citus/distribute.sql} must distribute exactly these tables, in an order
 * Citus accepts, and must never have been run by Flyway.
 */
class CitusReadinessIT {

  static final String TENANTS = "organizations";

  /** Copied to every node, with why: each is read without an org or by every org. */
  static final Map<String, String> REFERENCE_TABLES =
      Map.of(
          "plan_audit_retention", "per-plan figures, no customer data",
          "plan_monthly_credits", "per-plan figures, no customer data",
          "api_key_digests", "the key lookup gate: read by digest before the org is known");

  /**
   * Never distributed: Flyway's history, the platform's idempotency records for operations on no
   * org (V25), which only the platform connection reads and writes, on the coordinator, and the
   * webhook fan-out's one-row watermark (V29), which only the gate's fan-out function uses.
   */
  static final Set<String> COORDINATOR_ONLY =
      Set.of("flyway_schema_history", "platform_idempotency_keys", "webhook_fanout_cursor");

  static final Path SCRIPT = Path.of("db-migrations/citus/distribute.sql");

  private static Connection admin;

  @BeforeAll
  static void connect() throws SQLException {
    admin = TestDatabase.asAdmin();
  }

  @AfterAll
  static void close() throws SQLException {
    admin.close();
  }

  /** Org-scoped tables but the listed reference tables: distributed by org_id. */
  static List<String> distributedByOrg() throws SQLException {
    List<String> tables = new ArrayList<>(Catalog.orgScopedTables(admin));
    tables.removeAll(REFERENCE_TABLES.keySet());
    return tables;
  }

  /** Every table that is distributed, with its distribution column. */
  static Map<String, String> distributionColumns() throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put(TENANTS, "id");
    for (String table : distributedByOrg()) {
      columns.put(table, "org_id");
    }
    return columns;
  }

  @Test
  void everyTableIsDistributedReferencedOrExplicitlyKeptOnTheCoordinator() throws SQLException {
    Set<String> classified = new TreeSet<>(distributionColumns().keySet());
    classified.addAll(REFERENCE_TABLES.keySet());
    classified.addAll(COORDINATOR_ONLY);
    assertEquals(
        new TreeSet<>(Catalog.allTables(admin)),
        classified,
        "a table without org_id must be listed as a reference or coordinator-only table here"
            + " (and in db-migrations/citus/distribute.sql); a listed table must exist");
    assertFalse(distributedByOrg().isEmpty());
  }

  @Test
  void primaryKeysOfDistributedTablesIncludeTheDistributionColumn() throws SQLException {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, String> table : distributionColumns().entrySet()) {
      List<String> primaryKey =
          constraintsOmitting(table.getKey(), table.getValue(), "contype = 'p'");
      violations.addAll(primaryKey);
      if (Catalog.count(
              admin,
              "SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND conrelid = '"
                  + table.getKey()
                  + "'::regclass")
          != 1) {
        violations.add(table.getKey() + ": no primary key");
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void uniqueConstraintsAndIndexesOfDistributedTablesIncludeTheDistributionColumn()
      throws SQLException {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, String> table : distributionColumns().entrySet()) {
      violations.addAll(
          constraintsOmitting(table.getKey(), table.getValue(), "contype IN ('u', 'x')"));
      violations.addAll(
          Catalog.strings(
              admin,
              "SELECT '"
                  + table.getKey()
                  + ": unique index ' || i.indexrelid::regclass FROM pg_index i"
                  + " WHERE i.indrelid = '"
                  + table.getKey()
                  + "'::regclass AND i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_attribute a"
                  + " WHERE a.attrelid = i.indrelid AND a.attname = '"
                  + table.getValue()
                  + "' AND a.attnum = ANY (i.indkey))"));
    }
    assertEquals(List.of(), violations);
  }

  /**
   * A foreign key between two distributed tables must pair their distribution columns (so both rows
   * live on one node), and Citus refuses SET NULL / SET DEFAULT on delete and any action but NO
   * ACTION / RESTRICT on update for such keys. A distributed table may reference a reference table.
   */
  @Test
  void foreignKeysOfDistributedTablesPairTheDistributionColumns() throws SQLException {
    Map<String, String> distributed = distributionColumns();
    List<String> violations = new ArrayList<>();
    for (String[] key : foreignKeys()) {
      String from = key[0];
      String to = key[1];
      if (!distributed.containsKey(from)) {
        continue;
      }
      if (REFERENCE_TABLES.containsKey(to)) {
        continue;
      }
      if (!distributed.containsKey(to)) {
        violations.add(key[2] + ": " + from + " references " + to + ", which is not distributed");
        continue;
      }
      String pair = distributed.get(from) + "=" + distributed.get(to);
      if (!List.of(key[3].split(",")).contains(pair)) {
        violations.add(key[2] + ": pairs " + key[3] + ", not " + pair);
      }
      if (Set.of("n", "d").contains(key[4]) || Set.of("c", "n", "d").contains(key[5])) {
        violations.add(key[2] + ": on delete " + key[4] + ", on update " + key[5]);
      }
    }
    assertEquals(List.of(), violations, "foreign keys Citus would refuse");
    assertTrue(foreignKeys().size() >= distributedByOrg().size(), "no foreign keys read");
  }

  @Test
  void referenceTablesReferenceOnlyReferenceTables() throws SQLException {
    List<String> violations = new ArrayList<>();
    for (String[] key : foreignKeys()) {
      if (REFERENCE_TABLES.containsKey(key[0]) && !REFERENCE_TABLES.containsKey(key[1])) {
        violations.add(key[2] + ": reference table " + key[0] + " references " + key[1]);
      }
    }
    assertEquals(List.of(), violations);
  }

  /** Colocation needs one type for every distribution column. */
  @Test
  void everyDistributionColumnHasTheTenantIdsType() throws SQLException {
    List<String> types = new ArrayList<>();
    for (Map.Entry<String, String> table : distributionColumns().entrySet()) {
      types.addAll(
          Catalog.strings(
              admin,
              "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"
                  + table.getKey()
                  + "'::regclass AND attname = '"
                  + table.getValue()
                  + "'"));
    }
    assertEquals(distributionColumns().size(), types.size());
    assertEquals(Set.of("uuid"), Set.copyOf(types));
  }

  /** Citus runs triggers on distributed tables only when told it is safe; none are needed. */
  @Test
  void distributedTablesHaveNoTriggers() throws SQLException {
    assertEquals(
        List.of(),
        Catalog.strings(
            admin,
            "SELECT tgrelid::regclass || '.' || tgname FROM pg_trigger WHERE NOT tgisinternal"
                + " AND tgrelid::regclass::text IN ("
                + RowLevelSecurityCatalogIT.quoted(List.copyOf(distributionColumns().keySet()))
                + ")"));
  }

  @Test
  void theCitusScriptDistributesExactlyWhatTheCatalogSays() throws IOException, SQLException {
    String script = withoutComments(Files.readString(SCRIPT));
    Map<String, String> distributed = new LinkedHashMap<>();
    Matcher call =
        Pattern.compile(
                "create_distributed_table\\('(\\w+)',\\s*'(\\w+)'(?:,\\s*colocate_with\\s*=>\\s*'(\\w+)')?\\)")
            .matcher(script);
    List<String> order = new ArrayList<>();
    while (call.find()) {
      distributed.put(call.group(1), call.group(2));
      order.add(call.group(1));
      String colocatedWith = call.group(1).equals(TENANTS) ? null : TENANTS;
      assertEquals(colocatedWith, call.group(3), call.group(1) + " colocate_with");
    }
    assertEquals(distributionColumns(), sorted(distributed, distributionColumns()));
    Set<String> reference = new TreeSet<>();
    Matcher referenceCall = Pattern.compile("create_reference_table\\('(\\w+)'\\)").matcher(script);
    while (referenceCall.find()) {
      reference.add(referenceCall.group(1));
      order.add(0, referenceCall.group(1));
    }
    assertEquals(new TreeSet<>(REFERENCE_TABLES.keySet()), reference);
    for (String[] key : foreignKeys()) {
      assertTrue(
          order.indexOf(key[1]) < order.indexOf(key[0]),
          () -> "distribute.sql must distribute " + key[1] + " before " + key[0]);
    }
  }

  @Test
  void flywayNeverRanTheCitusScript() throws SQLException, IOException {
    long topLevel;
    try (var files = Files.list(Path.of("db-migrations"))) {
      topLevel =
          files.filter(f -> f.getFileName().toString().matches("(V\\d+|R)__.+\\.sql")).count();
    }
    assertEquals(
        topLevel,
        Catalog.count(admin, "SELECT count(*) FROM flyway_schema_history WHERE success"),
        "Flyway applied exactly the top-level V*.sql and R__*.sql files");
    assertEquals(
        0,
        Catalog.count(
            admin,
            "SELECT count(*) FROM flyway_schema_history WHERE script ILIKE '%citus%'"
                + " OR script ILIKE '%distribute%'"));
    assertEquals(
        0, Catalog.count(admin, "SELECT count(*) FROM pg_extension WHERE extname = 'citus'"));
  }

  /** Constraints of {@code table} matching {@code kind} that omit {@code column}. */
  private static List<String> constraintsOmitting(String table, String column, String kind)
      throws SQLException {
    return Catalog.strings(
        admin,
        "SELECT '"
            + table
            + ": ' || c.conname || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c"
            + " WHERE c.conrelid = '"
            + table
            + "'::regclass AND "
            + kind
            + " AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.conrelid"
            + " AND a.attname = '"
            + column
            + "' AND a.attnum = ANY (c.conkey))");
  }

  /**
   * Every foreign key in schema public: referencing table, referenced table, name, column pairs
   * ("from=to,..."), on-delete action, on-update action.
   */
  private static List<String[]> foreignKeys() throws SQLException {
    return Catalog.strings(
            admin,
            "SELECT c.conrelid::regclass || '|' || c.confrelid::regclass || '|' || c.conname || '|'"
                + " || (SELECT string_agg(fa.attname || '=' || ta.attname, ',' ORDER BY k.n)"
                + " FROM unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(f, t, n)"
                + " JOIN pg_attribute fa ON fa.attrelid = c.conrelid AND fa.attnum = k.f"
                + " JOIN pg_attribute ta ON ta.attrelid = c.confrelid AND ta.attnum = k.t)"
                + " || '|' || c.confdeltype::text || '|' || c.confupdtype::text"
                + " FROM pg_constraint c WHERE c.contype = 'f'"
                + " AND c.connamespace = 'public'::regnamespace ORDER BY 1")
        .stream()
        .map(row -> row.split("\\|"))
        .toList();
  }

  private static String withoutComments(String sql) {
    return sql.replaceAll("(?m)--.*$", "");
  }

  private static Map<String, String> sorted(Map<String, String> map, Map<String, String> like) {
    Map<String, String> ordered = new LinkedHashMap<>();
    like.keySet().stream().filter(map::containsKey).forEach(k -> ordered.put(k, map.get(k)));
    map.keySet().stream()
        .filter(k -> !like.containsKey(k))
        .forEach(k -> ordered.put(k, map.get(k)));
    return ordered;
  }
}
