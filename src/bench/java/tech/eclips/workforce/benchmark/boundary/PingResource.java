package tech.eclips.workforce.benchmark.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /bench/ping}: the benchmark's baseline, the same server, stack and serialisation as
 * {@code /v1/me} minus the ring and any work. It exists only in the WAR of the {@code bench}
 * profile (its source folder is added there), so the production WAR has no such route at all
 * ({@code ProductionWarIT}).
 */
@ApplicationScoped
@Path("bench/ping")
public class PingResource {

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String ping() {
    return "{\"object\":\"pong\"}";
  }
}
