package it.tech.eclips.workforce.harness;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * Runs one statement inside a savepoint and says what happened, so that one refused statement does
 * not abort the transaction the test goes on with.
 */
public record SqlOutcome(long rows, String sqlState) {

  public static final String INSUFFICIENT_PRIVILEGE = "42501";

  public static SqlOutcome update(Connection connection, String statement) throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try (Statement sql = connection.createStatement()) {
      return new SqlOutcome(sql.executeLargeUpdate(statement), null);
    } catch (SQLException e) {
      connection.rollback(savepoint);
      return new SqlOutcome(0, e.getSQLState());
    }
  }

  public static SqlOutcome count(Connection connection, String query) throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try {
      return new SqlOutcome(Catalog.count(connection, query), null);
    } catch (SQLException e) {
      connection.rollback(savepoint);
      return new SqlOutcome(0, e.getSQLState());
    }
  }

  /**
   * Nothing happened: zero rows touched or seen, or refused for lack of privilege (RLS or grants).
   */
  public boolean nothingOrRefused() {
    return (sqlState == null && rows == 0) || INSUFFICIENT_PRIVILEGE.equals(sqlState);
  }

  public boolean refused() {
    return INSUFFICIENT_PRIVILEGE.equals(sqlState);
  }
}
