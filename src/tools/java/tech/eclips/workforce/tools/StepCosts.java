package tech.eclips.workforce.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a request's server CPU goes, step by step (issue 26's per-step cost table): the benchmark
 * records JFR while it drives one endpoint and measures each thread group's CPU from {@code /proc};
 * this class attributes every execution sample of a request thread to the innermost frame a {@link
 * #RULES rule} names (so a filter's cost is its own plus whatever it calls that no other rule
 * names: Weld's interceptor chain is its own step, not the interceptor's), and splits the request
 * threads' CPU per request by those shares (and the run workers' likewise). The other thread groups
 * (the audit writer, GC, the JIT, the key refresher) are rows of their own, from their measured
 * CPU.
 *
 * <p>Sampling is statistical: a step of a few samples is noise. The table says how many samples
 * each share rests on.
 */
public final class StepCosts {

  /** One step and the class (or package) prefixes of the frames that are its own. */
  record Rule(String step, List<String> prefixes) {

    static Rule of(String step, String... prefixes) {
      return new Rule(step, List.of(prefixes));
    }

    boolean matches(String frameClass) {
      for (String prefix : prefixes) {
        if (frameClass.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }

  private static final String APP = "tech.eclips.workforce.";

  /**
   * The steps, most specific first where prefixes overlap. A frame is the step of the first rule
   * matching its class; a sample is the step of its innermost named frame.
   */
  static final List<Rule> RULES =
      List.of(
          Rule.of("filter: request metrics", APP + "metrics.boundary.RequestMetrics"),
          Rule.of("filter: request id", APP + "requests.boundary.RequestIds"),
          Rule.of("filter: HSTS", APP + "transport.boundary.StrictTransport"),
          Rule.of("filter: size and text bounds", APP + "limits."),
          Rule.of("filter: console JWT", APP + "identity.boundary.ConsoleAuthentication"),
          Rule.of(
              "ring 1: authenticate (key cache, digest, containment)",
              APP + "keys.boundary.AuthenticatedInterceptor",
              APP + "keys.control.",
              APP + "keys.entity.",
              APP + "requests.control.ClientAddresses"),
          Rule.of("ring 2: scope", APP + "keys.boundary.ScopeInterceptor"),
          Rule.of(
              "ring 3: rate limit",
              APP + "ratelimit.boundary.RateLimitInterceptor",
              APP + "ratelimit.control.",
              "io.github.resilience4j."),
          Rule.of("ring 4: plan gate", APP + "plans."),
          Rule.of("bulkhead", APP + "bulkheads."),
          Rule.of("ring 5: tenant binding", APP + "tenancy."),
          Rule.of("idempotency", APP + "idempotency."),
          Rule.of("response: RateLimit fields", APP + "ratelimit.boundary.RateLimitFields"),
          Rule.of(
              "response: metrics (route, denials)",
              APP + "metrics.",
              "io.openliberty.microprofile.metrics",
              "io.smallrye.metrics",
              "com.ibm.ws.microprofile.metrics"),
          Rule.of("response: credit fields", APP + "credits.boundary.CreditFields"),
          Rule.of("response: usage tally", APP + "usage."),
          Rule.of("audit: request entry and enqueue", APP + "audit."),
          Rule.of("resource: GET /v1/me", APP + "keys.boundary.MeResource"),
          Rule.of("resource: accept a run", APP + "runs.", APP + "credits.", APP + "trust."),
          Rule.of("resource: other", APP),
          Rule.of("JSON (Parsson, JSON-B)", "org.eclipse.parsson.", "org.eclipse.yasson."),
          Rule.of("CDI (Weld proxies, contexts, interceptor chain)", "org.jboss.weld."),
          Rule.of(
              "EJB container and JTA",
              "com.ibm.ejs.",
              "com.ibm.ws.ejbcontainer.",
              "com.ibm.tx.",
              "com.ibm.ws.tx."),
          Rule.of("JPA (EclipseLink)", "org.eclipse.persistence."),
          Rule.of(
              "JDBC (driver, Liberty's pool)",
              "org.postgresql.",
              "com.ibm.ws.rsadapter.",
              "com.ibm.ejs.j2c.",
              "com.ibm.ws.jdbc."),
          Rule.of("JAX-RS (RESTEasy)", "org.jboss.resteasy.", "io.openliberty.restfulWS"),
          Rule.of(
              "servlet container",
              "com.ibm.ws.webcontainer.",
              "com.ibm.wsspi.webcontainer.",
              "io.openliberty.webcontainer"),
          Rule.of(
              "HTTP transport (channels, TCP)",
              "com.ibm.ws.http.",
              "com.ibm.ws.tcpchannel.",
              "com.ibm.io.",
              "com.ibm.ws.channelfw.",
              "com.ibm.wsspi.",
              "io.openliberty.http",
              "io.netty."),
          Rule.of("Liberty executor and request probes", "com.ibm.ws.threading.", "com.ibm.ws."));

  static final String JIT_COMPILER = "JIT compiler";

  /**
   * JFR's own threads: the profiler, not the server; the benchmark's CPU figures leave them out.
   */
  static final String MEASUREMENT = "JFR (the measurement)";

  /** Thread groups by the name {@code /proc/<pid>/task/<tid>/comm} shows (15 characters). */
  static String threadGroup(String name) {
    if (name.startsWith("Default Executo")) {
      return "request threads";
    }
    if (name.startsWith("eclips-audit")) {
      return "audit writer";
    }
    if (name.startsWith("eclips-key")) {
      return "key cache refresh";
    }
    if (name.startsWith("eclips-run-work")) {
      return "run workers";
    }
    if (name.startsWith("eclips-")) {
      return "other application threads";
    }
    if (name.startsWith("GC Thread")
        || name.startsWith("G1 ")
        || name.startsWith("VM Thread")
        || name.startsWith("VM Periodic")) {
      return "GC and VM";
    }
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return JIT_COMPILER;
    }
    if (name.startsWith("JFR ")) {
      return MEASUREMENT;
    }
    return "other threads (Liberty's selectors, timers)";
  }

  private StepCosts() {}

  /**
   * Each stepped thread group's samples per step of recordings made elsewhere (e.g. {@code jcmd
   * <pid> JFR.start}), as shares: {@code java … tools.StepCosts a.jfr b.jfr}.
   */
  public static void main(String[] args) throws IOException {
    samples(java.util.Arrays.stream(args).map(Path::of).toList())
        .forEach(
            (group, steps) -> {
              long total = steps.values().stream().mapToLong(Long::longValue).sum();
              System.out.println(group + ":");
              steps.entrySet().stream()
                  .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                  .forEach(
                      e ->
                          System.out.printf(
                              java.util.Locale.ROOT,
                              "%5.1f %%  %6d  %s%n",
                              100.0 * e.getValue() / total,
                              e.getValue(),
                              e.getKey()));
            });
  }

  /** The step of one stack: its innermost frame a rule names, or "other (JDK, reflection)". */
  static String step(List<String> frameClassesInnermostFirst) {
    for (String frameClass : frameClassesInnermostFirst) {
      for (Rule rule : RULES) {
        if (rule.matches(frameClass)) {
          return rule.step();
        }
      }
    }
    return "other (JDK, reflection)";
  }

  /** The thread groups whose samples are split into steps; the others are a row each. */
  static final List<String> STEPPED_GROUPS = List.of("request threads", "run workers");

  /** Samples per step of each {@link #STEPPED_GROUPS stepped} thread group in these recordings. */
  static Map<String, Map<String, Long>> samples(List<Path> recordings) throws IOException {
    Map<String, Map<String, Long>> samples = new TreeMap<>();
    for (Path recording : recordings) {
      for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
        if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
          continue;
        }
        RecordedThread thread = event.getThread("sampledThread");
        RecordedStackTrace stack = event.getStackTrace();
        String group = thread == null ? null : threadGroup(thread.getJavaName());
        if (stack == null || !STEPPED_GROUPS.contains(group)) {
          continue;
        }
        List<String> classes =
            stack.getFrames().stream()
                .filter(RecordedFrame::isJavaFrame)
                .map(f -> f.getMethod().getType().getName())
                .toList();
        samples.computeIfAbsent(group, g -> new TreeMap<>()).merge(step(classes), 1L, Long::sum);
      }
    }
    return samples;
  }

  /** One row of the table. */
  record Row(String step, double micros, long samples) {}

  /**
   * The table: each stepped thread group's CPU per request split by its steps' shares (largest
   * first; a group's steps under {@link #SMALLEST_ROW_MICROS} summed into one row), then every
   * other thread group's CPU per request.
   */
  static List<Row> table(Map<String, Map<String, Long>> samples, Map<String, Double> groupMicros) {
    List<Row> rows = new java.util.ArrayList<>();
    for (String group : STEPPED_GROUPS) {
      Map<String, Long> steps = samples.getOrDefault(group, Map.of());
      long total = steps.values().stream().mapToLong(Long::longValue).sum();
      double micros = groupMicros.getOrDefault(group, 0.0);
      if (total == 0) {
        continue;
      }
      String prefix = group.equals(STEPPED_GROUPS.get(0)) ? "" : group + ": ";
      double rest = 0;
      long restSamples = 0;
      for (Map.Entry<String, Long> step :
          steps.entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .toList()) {
        double share = micros * step.getValue() / total;
        if (share < SMALLEST_ROW_MICROS) {
          rest += share;
          restSamples += step.getValue();
        } else {
          rows.add(new Row(prefix + step.getKey(), share, step.getValue()));
        }
      }
      if (restSamples > 0) {
        rows.add(new Row(prefix + "steps under 1 µs each", rest, restSamples));
      }
    }
    groupMicros.entrySet().stream()
        .filter(e -> !STEPPED_GROUPS.contains(e.getKey()) || !samples.containsKey(e.getKey()))
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> rows.add(new Row("thread group: " + e.getKey(), e.getValue(), -1)));
    return rows;
  }

  static final double SMALLEST_ROW_MICROS = 1.0;

  /** Thread group → CPU ticks, from a before and an after reading of {@code /proc}. */
  static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> spent = new LinkedHashMap<>();
    after.forEach((group, ticks) -> spent.put(group, ticks - before.getOrDefault(group, 0L)));
    return spent;
  }
}
