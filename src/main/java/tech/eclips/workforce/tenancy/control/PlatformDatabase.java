package tech.eclips.workforce.tenancy.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The platform role's connection ({@code jdbc/eclips-platform}), the only one that may call the
 * cross-org platform functions (V10). Tenant requests never get here: only the platform API and the
 * periodic jobs use it. Not enlisted in JTA: each call commits on its own.
 */
@ApplicationScoped
public class PlatformDatabase {

  @Resource(lookup = "jdbc/eclips-platform")
  DataSource platform;

  /** Runs one statement and returns its rows, each as an array of column values. */
  public List<Object[]> query(String sql, Object... parameters) {
    try (Connection connection = platform.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        int columns = rows.getMetaData().getColumnCount();
        List<Object[]> result = new ArrayList<>();
        while (rows.next()) {
          Object[] row = new Object[columns];
          for (int c = 0; c < columns; c++) {
            row[c] = rows.getObject(c + 1);
          }
          result.add(row);
        }
        return result;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("platform database call failed", e);
    }
  }
}
