package it.tech.eclips.workforce.harness;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What the database itself says about the schema: the source of truth for the tenancy tests. */
public final class Catalog {

  private Catalog() {}

  /** Every ordinary table in schema public with an org_id column: org-scoped by definition. */
  public static List<String> orgScopedTables(Connection connection) throws SQLException {
    return strings(
        connection,
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped "
            + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname");
  }

  /** Every ordinary table in schema public. */
  public static List<String> allTables(Connection connection) throws SQLException {
    return strings(
        connection,
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname");
  }

  public static List<String> strings(Connection connection, String query) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery(query)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  public static long count(Connection connection, String query) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
