package tech.eclips.workforce.metrics.control;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the metrics add to a guarded request such as GET /v1/me: the route found by its resource
 * method (RouteNames), its counter found by method and status and incremented (RequestMetrics), and
 * the key-lookup counter incremented (KeyVerifier). Each tally increments its own adder and the
 * server's counter (on Liberty MicroProfile Metrics over Micrometer: an adder); a LongAdder stands
 * in for the server's. Two threads, as on the benchmark machine's two cores. Run with {@code
 * bench/guard-jmh.sh} style: {@code org.openjdk.jmh.Main RequestCountingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class RequestCountingBenchmark {

  private final Map<Method, Route> routes = new ConcurrentHashMap<>();
  private final Tally keyLookups = exported();
  private Method me;

  @Setup
  public void setUp() throws Exception {
    me = Object.class.getMethod("toString");
    routes.put(me, new Route("/v1/me"));
  }

  @Benchmark
  public Tally countOneRequest() {
    Route route = routes.get(me);
    keyLookups.increment();
    Tally counter = route.counter("GET", 200, (r, m, s) -> exported());
    counter.increment();
    return counter;
  }

  /** A tally whose server counter is, as Liberty's, one adder. */
  static Tally exported() {
    LongAdder server = new LongAdder();
    return new Tally(Series.of(Meters.REQUESTS, "benchmark"), server::add);
  }
}
