package tech.eclips.workforce.benchmark.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@code GET /bench/ping}: the benchmark's baseline, the same server, stack and serialisation as
 * {@code /v1/me} minus the ring and any work. It exists only in the WAR of the {@code bench}
 * profile (its source folder is added there), so the production WAR has no such route at all
 * ({@code ProductionWarIT}).
 *
 * <p>{@code ?spin_us=n} makes it burn {@code n} µs of its thread's CPU first (at most {@value
 * #MAX_SPIN_MICROS}): a request that costs what {@code /v1/me} costs, all of it on the request
 * thread, with none of the ring's structure (no audit flush beside it, no lock, no database). At a
 * fixed rate it shows how much of {@code /v1/me}'s tail its CPU cost alone explains.
 */
@ApplicationScoped
@Path("bench/ping")
public class PingResource {

  static final int MAX_SPIN_MICROS = 10_000;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String ping(@QueryParam("spin_us") @DefaultValue("0") int spinMicros) {
    spin(Math.max(0, Math.min(spinMicros, MAX_SPIN_MICROS)));
    return "{\"object\":\"pong\"}";
  }

  /** Busy until this thread has used {@code micros} more of CPU time (not of wall time). */
  private static void spin(int micros) {
    if (micros == 0) {
      return;
    }
    long until = THREADS.getCurrentThreadCpuTime() + micros * 1_000L;
    while (THREADS.getCurrentThreadCpuTime() < until) {
      Thread.onSpinWait();
    }
  }
}
