package tech.eclips.workforce.metrics.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.metrics.control.MetricsReader;

/**
 * Serves {@code /metrics} from the application ({@link Scrapes}) only where the server does not: on
 * Open Liberty mpMetrics owns the path and {@link Meters} reports to it, so nothing is registered
 * and no request pays for it; on WildFly (no MicroProfile Metrics) this is the endpoint, with the
 * same series and the same user as Liberty's.
 */
@WebListener
public class MetricsEndpoint implements ServletContextListener {

  private static final Logger LOG = Logger.getLogger(MetricsEndpoint.class.getName());

  @Inject Meters meters;

  @Inject
  @ConfigProperty(name = "eclips.metrics.user", defaultValue = "metrics")
  String user;

  @Inject
  @ConfigProperty(name = "eclips.metrics.password")
  Optional<String> password;

  @Override
  public void contextInitialized(ServletContextEvent started) {
    if (meters.servedByTheServer()) {
      return;
    }
    MetricsReader reader = new MetricsReader(user, password);
    if (reader.closed()) {
      // as Liberty's CWWKS3100E: once, at start, and the endpoint stays closed to everyone
      LOG.warning("ECLIPS_METRICS_PASSWORD is not set: /metrics refuses every request");
    }
    started
        .getServletContext()
        .addServlet("eclips-metrics", new Scrapes(meters, reader))
        .addMapping(Scrapes.PATH);
  }
}
