package tech.eclips.workforce.health.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the application can open a working connection as its own role. Asked afresh on
 * every probe, so readiness returns by itself once the database is back.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

  private static final int VALIDATION_SECONDS = 2;

  @Resource(lookup = "jdbc/eclips")
  DataSource dataSource;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("database").status(reachable()).build();
  }

  private boolean reachable() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(VALIDATION_SECONDS);
    } catch (SQLException e) {
      return false;
    }
  }
}
