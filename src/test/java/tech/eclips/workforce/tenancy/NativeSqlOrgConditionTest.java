package tech.eclips.workforce.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Native SQL on an org's tables names the org itself, bound from the application, as well as RLS:
 * either ring alone keeps a statement inside its org, as EclipseLink's discriminator does for JPA.
 *
 * <p>Reads every string expression in {@code src/main/java} (adjacent literals joined across {@code
 * +}; anything else in the expression stands for nothing), keeps those that read or write a tenant
 * table ({@code FROM}, {@code JOIN}, {@code UPDATE}, {@code INTO}) and demands, for each such table
 * it names, one org condition on a bound parameter: {@code [alias.]org_id = ?n} (an {@code INSERT}:
 * the {@code org_id} column's value is {@code ?n}; {@code organizations}: {@code id = ?n}), and
 * that the file binds {@code ?n} to the application's org ({@code .setParameter(n, boundOrg.id())}
 * or an entered {@code org.value()}). {@code eclips_current_org()} does not count: it is the
 * setting RLS itself reads. The tenant tables are those the migrations give an {@code org_id}
 * column, so a new table is covered without touching this test.
 */
class NativeSqlOrgConditionTest {

  private static final Path SOURCES = Path.of("src/main/java");
  private static final Path MIGRATIONS = Path.of("db-migrations");

  /** Below these the parsers have broken, not the code got better. */
  private static final int MIN_TENANT_TABLES = 12;

  // 42 since V21 moved the credit writes into functions
  private static final int MIN_TENANT_STATEMENTS = 40;

  /** Keyed by id, not org_id: the tenant itself. */
  private static final String ORGANIZATIONS = "organizations";

  private static final Pattern CREATE_TABLE =
      Pattern.compile(
          "CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:\\w+\\.)?(\\w+)\\s*\\((.*?)\\n\\s*\\)\\s*;",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern ORG_ID_COLUMN =
      Pattern.compile("(?:^|,)\\s*org_id\\s+\\w", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
  private static final Pattern ADD_ORG_ID =
      Pattern.compile(
          "ALTER\\s+TABLE\\s+(?:ONLY\\s+)?(?:IF\\s+EXISTS\\s+)?(?:\\w+\\.)?(\\w+)[^;]*?"
              + "ADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?org_id\\s",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern TABLE_REFERENCE =
      Pattern.compile(
          "\\b(?:FROM|JOIN|UPDATE|INTO)\\s+(?:ONLY\\s+)?(?:public\\.)?(\\w+)\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern ORG_CONDITION =
      Pattern.compile(
          "\\b(?:\\w+\\.)?org_id\\s*=\\s*(?:CAST\\s*\\(\\s*)?\\?(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ID_CONDITION =
      Pattern.compile(
          "\\b(?:\\w+\\.)?id\\s*=\\s*(?:CAST\\s*\\(\\s*)?\\?(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern INSERT =
      Pattern.compile(
          "\\bINSERT\\s+INTO\\s+(?:public\\.)?(\\w+)\\s*\\(([^)]*)\\)\\s*(VALUES\\s*\\()?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern INSERT_SELECT =
      Pattern.compile("^\\s*SELECT\\s+(.*?)\\s+FROM\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern PARAMETER =
      Pattern.compile("^(?:CAST\\s*\\(\\s*)?\\?(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern SQL_STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");

  /** A string expression of the sources: where it starts and its text. */
  record Statement(String file, int line, String sql) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + sql;
    }
  }

  @Test
  void everyNativeStatementOnATenantTableCarriesTheApplicationsOrg() throws IOException {
    Set<String> tenantTables = tenantTables();
    List<String> failures = new ArrayList<>();
    Set<String> files = new TreeSet<>();
    int checked = 0;
    try (Stream<Path> paths = Files.walk(SOURCES)) {
      for (Path file : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String source = Files.readString(file);
        for (Statement statement : statements(file.toString(), source)) {
          if (references(statement.sql(), tenantTables).isEmpty()) {
            continue;
          }
          checked++;
          files.add(statement.file());
          failures.addAll(problems(statement, source, tenantTables));
        }
      }
    }
    assertEquals(List.of(), failures, "native SQL on tenant tables without the org condition");
    assertTrue(
        checked >= MIN_TENANT_STATEMENTS,
        "only " + checked + " statements on tenant tables found in " + files);
  }

  @Test
  void theTenantTablesComeFromTheMigrations() {
    Set<String> tables = tenantTables();
    assertTrue(tables.size() >= MIN_TENANT_TABLES, "tenant tables found: " + tables);
    assertTrue(
        tables.containsAll(
            List.of("agent_runs", "api_keys", "credit_ledger", "audit_log", ORGANIZATIONS)),
        "tenant tables found: " + tables);
  }

  /**
   * The checker itself fails: on a missing condition, on RLS's own setting, on a wrong binding, on
   * an INSERT … SELECT whose org is not the bound parameter.
   */
  @Test
  void aStatementWithoutTheApplicationsOrgIsNamed() {
    Set<String> tables = Set.of("api_keys", "agent_runs", ORGANIZATIONS);
    String source =
        """
        class X {
          void a() {
            em.createNativeQuery("UPDATE api_keys SET last_used_at = ?1"
                + " WHERE id = ?2").setParameter(1, at).setParameter(2, key);
            em.createNativeQuery("SELECT 1 FROM api_keys WHERE org_id = eclips_current_org()");
            em.createNativeQuery("INSERT INTO agent_runs (org_id, id) VALUES (eclips_current_org(), ?1)");
            em.createNativeQuery("SELECT 1 FROM agent_runs r JOIN api_keys k ON k.id = r.api_key_id"
                + " WHERE r.org_id = ?1").setParameter(1, boundOrg.id());
            em.createNativeQuery("SELECT 1 FROM api_keys WHERE org_id = ?7").setParameter(7, other);
            em.createNativeQuery("SELECT name FROM organizations WHERE plan = ?1");
            em.createNativeQuery("SELECT 1 FROM api_keys WHERE org_id = ?9").setParameter(9, boundOrg.id());
            em.createNativeQuery("INSERT INTO agent_runs (org_id, id) SELECT r.org, r.id FROM x r");
            em.createNativeQuery("INSERT INTO agent_runs (org_id, id) SELECT ?3, r.id FROM x r")
                .setParameter(3, boundOrg.id());
          }
        }
        """;
    List<Statement> statements = statements("X.java", source);
    List<Integer> failing = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      if (!problems(statements.get(i), source, tables).isEmpty()) {
        failing.add(i);
      }
    }
    assertEquals(9, statements.size(), statements.toString());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 7), failing);
  }

  @Test
  void adjacentLiteralsAreJoinedAndOtherOperandsStandForNothing() {
    String source =
        """
        class X { // "not a statement"
          static final String A = "SELECT a" + " FROM b" + CONSTANT + " WHERE c = '\\"'"
              + (flag ? " FOR UPDATE" : "");
          char q = '"';
          String t = \"""
              text block\""";
        }
        """;
    assertEquals(
        List.of("SELECT a FROM b WHERE c = '\"'", "text block"),
        statements("X.java", source).stream().map(Statement::sql).toList());
  }

  /** Why a statement fails, or nothing. */
  static List<String> problems(Statement statement, String source, Set<String> tenantTables) {
    String sql = SQL_STRING_LITERAL.matcher(statement.sql()).replaceAll("''");
    List<String> tables = references(sql, tenantTables);
    List<String> parameters = new ArrayList<>();
    collect(ORG_CONDITION, sql, parameters);
    if (tables.contains(ORGANIZATIONS)) {
      collect(ID_CONDITION, sql, parameters);
    }
    List<String> problems = new ArrayList<>();
    Matcher insert = INSERT.matcher(sql);
    while (insert.find()) {
      if (tenantTables.contains(insert.group(1).toLowerCase(Locale.ROOT))) {
        insertedOrg(sql, insert)
            .ifPresentOrElse(
                parameters::add,
                () -> problems.add(statement + "\n  inserts without the org as a parameter"));
      }
    }
    if (parameters.size() < tables.size()) {
      problems.add(
          statement
              + "\n  names "
              + tables
              + " but has "
              + parameters.size()
              + " org condition(s) on a parameter");
    }
    for (String n : new TreeSet<>(parameters)) {
      Pattern binding =
          Pattern.compile(
              "\\.setParameter\\(\\s*" + n + "\\s*,\\s*\\w*[oO]rg\\w*\\.(?:id|value)\\(\\)\\s*\\)");
      if (!binding.matcher(source).find()) {
        problems.add(statement + "\n  never binds ?" + n + " to the application's org");
      }
    }
    return problems;
  }

  private static List<String> references(String sql, Set<String> tenantTables) {
    List<String> tables = new ArrayList<>();
    Matcher reference = TABLE_REFERENCE.matcher(SQL_STRING_LITERAL.matcher(sql).replaceAll("''"));
    while (reference.find()) {
      String table = reference.group(1).toLowerCase(Locale.ROOT);
      if (tenantTables.contains(table)) {
        tables.add(table);
      }
    }
    return tables;
  }

  private static void collect(Pattern condition, String sql, List<String> parameters) {
    Matcher m = condition.matcher(sql);
    while (m.find()) {
      parameters.add(m.group(1));
    }
  }

  /** The parameter an INSERT … VALUES gives the org column; empty if none. */
  private static java.util.Optional<String> insertedOrg(String sql, Matcher insert) {
    List<String> columns = split(insert.group(2));
    int org = columns.indexOf("org_id");
    if (org < 0) {
      org = columns.indexOf("id"); // organizations
    }
    if (org < 0) {
      return java.util.Optional.empty();
    }
    List<String> values;
    if (insert.group(3) != null) {
      values = split(valuesList(sql, insert.end()));
    } else {
      // INSERT … SELECT: the org is the select list's expression in the org column's place
      Matcher select = INSERT_SELECT.matcher(sql.substring(insert.end()));
      if (!select.find()) {
        return java.util.Optional.empty();
      }
      values = split(select.group(1));
    }
    if (org >= values.size()) {
      return java.util.Optional.empty();
    }
    Matcher parameter = PARAMETER.matcher(values.get(org));
    return parameter.find()
        ? java.util.Optional.of(parameter.group(1))
        : java.util.Optional.empty();
  }

  private static String valuesList(String sql, int from) {
    int depth = 0;
    for (int i = from; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && depth-- == 0) {
        return sql.substring(from, i);
      }
    }
    return sql.substring(from);
  }

  private static List<String> split(String list) {
    List<String> items = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        items.add(list.substring(start, i).trim().toLowerCase(Locale.ROOT));
        start = i + 1;
      }
    }
    items.add(list.substring(start).trim().toLowerCase(Locale.ROOT));
    return items;
  }

  /** Every table a migration gives an org_id column, and organizations. */
  static Set<String> tenantTables() {
    Set<String> tables = new TreeSet<>(Set.of(ORGANIZATIONS));
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
        String sql = Files.readString(file).replaceAll("--[^\\n]*", "");
        Matcher create = CREATE_TABLE.matcher(sql);
        while (create.find()) {
          if (ORG_ID_COLUMN.matcher(create.group(2)).find()) {
            tables.add(create.group(1).toLowerCase(Locale.ROOT));
          }
        }
        Matcher alter = ADD_ORG_ID.matcher(sql);
        while (alter.find()) {
          tables.add(alter.group(1).toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tables;
  }

  /**
   * The string expressions of a Java source: literals and text blocks, those joined by {@code +}
   * into one; comments and char literals skipped.
   */
  static List<Statement> statements(String file, String source) {
    return new JavaStrings(file, source).statements();
  }

  /** A small scanner: just enough Java to find string expressions. */
  private static final class JavaStrings {
    private final String file;
    private final String src;
    private int at;
    private final List<Statement> found = new ArrayList<>();

    JavaStrings(String file, String src) {
      this.file = file;
      this.src = src;
    }

    List<Statement> statements() {
      while (skipToToken()) {
        if (startsString()) {
          int line = line(at);
          StringBuilder sql = new StringBuilder(readString());
          while (nextIsPlus()) {
            if (skipToToken() && startsString()) {
              sql.append(readString());
            } else {
              skipOperand();
            }
          }
          found.add(new Statement(file, line, sql.toString()));
        } else {
          at++;
        }
      }
      return found;
    }

    /** Skips blanks, comments and char literals; false at the end. */
    private boolean skipToToken() {
      while (at < src.length()) {
        char c = src.charAt(at);
        if (Character.isWhitespace(c)) {
          at++;
        } else if (src.startsWith("//", at)) {
          int end = src.indexOf('\n', at);
          at = end < 0 ? src.length() : end;
        } else if (src.startsWith("/*", at)) {
          int end = src.indexOf("*/", at + 2);
          at = end < 0 ? src.length() : end + 2;
        } else if (c == '\'') {
          at++;
          while (at < src.length() && src.charAt(at) != '\'') {
            at += src.charAt(at) == '\\' ? 2 : 1;
          }
          at++;
        } else {
          return true;
        }
      }
      return false;
    }

    private boolean startsString() {
      return src.charAt(at) == '"';
    }

    private String readString() {
      boolean block = src.startsWith("\"\"\"", at);
      at += block ? 3 : 1;
      StringBuilder text = new StringBuilder();
      while (at < src.length()) {
        char c = src.charAt(at);
        if (block ? src.startsWith("\"\"\"", at) : c == '"') {
          at += block ? 3 : 1;
          return block ? text.toString().strip() : text.toString();
        }
        if (c == '\\' && at + 1 < src.length()) {
          char e = src.charAt(at + 1);
          text.append(
              switch (e) {
                case 'n' -> '\n';
                case 't' -> '\t';
                default -> e;
              });
          at += 2;
        } else {
          text.append(c);
          at++;
        }
      }
      return text.toString();
    }

    private boolean nextIsPlus() {
      if (skipToToken() && src.charAt(at) == '+' && !src.startsWith("++", at)) {
        at++;
        return true;
      }
      return false;
    }

    /** A non-literal operand: up to the next {@code +} or the end of the expression. */
    private void skipOperand() {
      int depth = 0;
      while (skipToToken()) {
        char c = src.charAt(at);
        if (c == '"') {
          readString();
          continue;
        }
        if (depth == 0 && (c == '+' || c == ',' || c == ')' || c == ';' || c == '}')) {
          return;
        }
        if (c == '(' || c == '[' || c == '{') {
          depth++;
        } else if (c == ')' || c == ']' || c == '}') {
          depth--;
        }
        at++;
      }
    }

    private int line(int offset) {
      int line = 1;
      for (int i = 0; i < offset; i++) {
        if (src.charAt(i) == '\n') {
          line++;
        }
      }
      return line;
    }
  }
}
