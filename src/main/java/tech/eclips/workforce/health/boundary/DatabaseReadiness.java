package tech.eclips.workforce.health.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import tech.eclips.workforce.health.control.SingleFlightProbe;

/**
 * Ready only while the application can open a working connection as its own role. Probed afresh at
 * most once per {@link #PERIOD} (single flight): readiness still returns by itself within a second
 * of the database coming back, but a flood of anonymous probes costs at most one pooled connection,
 * not one each.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

  static final Duration PERIOD = Duration.ofSeconds(1);
  private static final int VALIDATION_SECONDS = 2;

  @Resource(lookup = "jdbc/eclips")
  DataSource dataSource;

  private SingleFlightProbe probe;

  @PostConstruct
  void init() {
    probe = new SingleFlightProbe(this::reachable, PERIOD.toNanos(), System::nanoTime);
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("database").status(probe.up()).build();
  }

  private boolean reachable() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(VALIDATION_SECONDS);
    } catch (SQLException e) {
      return false;
    }
  }
}
