package tech.eclips.workforce.benchmark.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.problems.control.Problems;

/**
 * {@code GET /bench/ping}: the benchmark's baseline, the same server and stack as {@code /v1/me}
 * minus the ring and any work. Answers 404 unless {@code eclips.bench=true} (set only by
 * bench/run.sh).
 */
@ApplicationScoped
@Path("bench/ping")
public class PingResource {

  @Inject
  @ConfigProperty(name = "eclips.bench", defaultValue = "false")
  boolean enabled;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String ping() {
    if (!enabled) {
      throw Problems.notFound("resource");
    }
    return "{\"object\":\"pong\"}";
  }
}
