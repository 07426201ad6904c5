package tech.eclips.workforce.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tech.eclips.workforce.keys.control.KeyMint;
import tech.eclips.workforce.keys.control.MintedKey;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.tools.noisy.AuditSeed;
import tech.eclips.workforce.tools.noisy.NoisyNeighbour;
import tech.eclips.workforce.tools.noisy.Report;
import tech.eclips.workforce.tools.noisy.Target;

/**
 * The project's benchmark (bench/run.sh). In one run, so that ratios hold on a noisy machine:
 *
 * <ol>
 *   <li>guard cost: {@code GET /v1/me} (whole ring and its audit entry) vs {@code GET /bench/ping},
 *       same wrk settings, in {@code --pairs} interleaved pairs (the median pair is the figure; the
 *       last against the first shows whether memory grows);
 *   <li>latency at a fixed rate: both endpoints at the same offered load, half of the slower
 *       endpoint's saturated throughput (or {@code --fixed-rate}), paced by a wrk Lua script; at
 *       saturation p99 measures queueing, here it measures what the guards add;
 *   <li>guard cost with many keys: the same {@code /v1/me} load after seeding {@code --scale-keys}
 *       more keys;
 *   <li>write path: {@code POST /v1/agents/runs}, each run followed to completion, vs pgbench
 *       running a hand-written SQL transaction doing the minimum a run needs.
 * </ol>
 *
 * Writes a dated markdown table to bench/results/ whose last line is the machine-readable summary.
 */
public final class Benchmark {

  private static final String SERVER = "eclips-bench";

  /** The bench profile's port (9380), or bench/run.sh's {@code BENCH_HTTP_PORT}. */
  private static final int PORT = Integer.getInteger("bench.http.port", 9380);

  /**
   * The bench profile's HTTPS port (9743), or bench/run.sh's {@code BENCH_HTTPS_PORT}: /metrics.
   */
  private static final int HTTPS_PORT = Integer.getInteger("bench.https.port", 9743);

  private static final String AUDIT_QUEUE_DEPTH = "eclips_audit_queue_depth";

  /** The most audit entries found waiting when the live heap was to be read (before draining). */
  private double auditQueueAtHeap;

  private ServerGauge gauge;

  /** The bench server's /metrics, as its DEV-ONLY metrics reader ({@link ServerOverrides}). */
  private ServerGauge gauge() throws GeneralSecurityException {
    if (gauge == null) {
      gauge = new ServerGauge(HTTPS_PORT, "metrics", ServerOverrides.DEV_METRICS_PASSWORD);
    }
    return gauge;
  }

  private static final Path WORK = Path.of("target/bench");

  private final Map<String, String> options;
  private final List<String[]> rows = new ArrayList<>();
  private final List<String[]> wireRows = new ArrayList<>();
  private final Map<String, Double> figures = new LinkedHashMap<>();
  private double ticksPerSecond = 100;
  private int plannedSeconds;
  private ProvisionedDatabase db;
  private long maxRssKib;
  private final StepProfile pingSteps =
      new StepProfile("GET /bench/ping (saturated pairs)", "steps-ping", WORK);
  private final StepProfile meSteps =
      new StepProfile("GET /v1/me (saturated pairs)", "steps-me", WORK);
  private final StepProfile runSteps =
      new StepProfile("POST /v1/agents/runs (accepted)", "steps-run", WORK);

  private Benchmark(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        new LinkedHashMap<>(
            Map.of(
                "duration",
                "15",
                "connections",
                "32",
                "orgs",
                "100",
                "keys",
                "1000",
                "scale-keys",
                "100000",
                "pairs",
                "4"));
    for (String arg : args) {
      String[] pair = arg.replaceFirst("^--", "").split("=", 2);
      options.put(pair[0], pair.length > 1 ? pair[1] : "true");
    }
    new Benchmark(options).run();
  }

  private int option(String name) {
    return Integer.parseInt(options.get(name));
  }

  private void run() throws Exception {
    Files.createDirectories(WORK);
    Path wlp = Path.of("target/liberty/wlp");
    try (ProvisionedDatabase database =
        ProvisionedDatabase.provision(
            System.getenv(), "eclips_bench", true, WORK.resolve("db"), 0)) {
      db = database;
      Map<String, String> variables = new LinkedHashMap<>(DevTokens.serverVariables());
      variables.put("eclips.bench", "true");
      variables.put("eclips.plans.enterprise.rate-limit-per-minute", "1000000");
      variables.putAll(rateLimitStore());
      if (noisyNeighbour()) {
        // each party of the noisy-neighbour phase is a client of its own (X-Forwarded-For), as in
        // NoisyNeighbourIT; nothing else the benchmark sends carries the header
        variables.put("eclips.http.trusted-proxies", "127.0.0.1,::1");
      }
      variables.putAll(serverVariables());
      ServerOverrides.write(
          wlp.resolve("usr/servers").resolve(SERVER), db.settings(), List.of(), variables);
      writeJvmOptions(wlp.resolve("usr/servers").resolve(SERVER).resolve("jvm.options"));
      List<String> keys = seed(option("orgs"), option("keys"));
      writeScripts(keys);
      startServer(wlp);
      try {
        measure();
      } finally {
        stopServer(wlp);
      }
    }
    report();
  }

  /**
   * Stops the server; one that is already gone (the noisy-neighbour phase can kill an unprotected
   * server) is recorded as {@code server_died=1} and the report is still written.
   */
  private void stopServer(Path wlp) throws IOException, InterruptedException {
    try {
      run(List.of(wlp.resolve("bin/server").toString(), "stop", SERVER));
    } catch (IllegalStateException e) {
      if (!e.getMessage().contains("is not running")) {
        throw e;
      }
      System.out.println("[bench] the server was no longer running");
      figures.put("server_died", 1.0);
    }
  }

  /**
   * {@code BENCH_SERVER_VARIABLES=name=value,…}: server variables for an A/B comparison, e.g.
   * {@code eclips.runs.coalesce-accepts=false}.
   */
  static Map<String, String> serverVariables() {
    Map<String, String> variables = new LinkedHashMap<>();
    String given = System.getenv().getOrDefault("BENCH_SERVER_VARIABLES", "");
    for (String pair : given.split(",")) {
      String[] nameValue = pair.split("=", 2);
      if (nameValue.length == 2) {
        variables.put(nameValue[0].trim(), nameValue[1].trim());
      }
    }
    return variables;
  }

  /**
   * The server's jvm.options: the project's ({@code liberty/jvm.options}), then {@code
   * BENCH_JVM_OPTIONS="-Xms128m …"} for an A/B comparison (a later option wins), e.g. the heap
   * settings before issue 26. Written whole every run, so an A run's options never outlive it.
   */
  private static void writeJvmOptions(Path jvmOptions) throws IOException {
    String given = System.getenv().getOrDefault("BENCH_JVM_OPTIONS", "").trim();
    Files.writeString(
        jvmOptions,
        Files.readString(Path.of("liberty/jvm.options"))
            + (given.isEmpty() ? "" : "\n" + String.join("\n", given.split("\\s+")) + "\n"));
  }

  /**
   * {@code BENCH_RATELIMIT_STORE=redis}: the whole run counts per-key windows in Redis ({@code
   * ECLIPS_REDIS_URL}, default the machine's 127.0.0.1:6379) under a prefix of its own. Its {@code
   * cpu_us_me} and guard ratio against a run without it, back to back, are the shared limiter's
   * cost per request.
   */
  static Map<String, String> rateLimitStore() {
    String store = System.getenv().getOrDefault("BENCH_RATELIMIT_STORE", "local");
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("eclips.ratelimit.store", store);
    if ("redis".equals(store)) {
      variables.put(
          "eclips.redis.url",
          System.getenv().getOrDefault("ECLIPS_REDIS_URL", "redis://127.0.0.1:6379"));
      variables.put("eclips.redis.key-prefix", "eclips-bench:" + java.util.UUID.randomUUID() + ":");
    }
    return variables;
  }

  private void measure() throws Exception {
    ticksPerSecond = Double.parseDouble(run(List.of("getconf", "CLK_TCK")).trim());
    if ("noisy-neighbour".equals(options.get("phases"))) {
      measureNoisyNeighbour();
      return;
    }
    int slice = slice();
    plannedSeconds =
        WARM_UP_ROUNDS_WITH_RUNS * 3 * 8
            + (MAX_WARM_UP_ROUNDS - WARM_UP_ROUNDS_WITH_RUNS) * 2 * 8
            + ("write".equals(options.get("phases"))
                ? 0
                // a fixed-rate pair measures five endpoints: ping, /v1/me and three spinning pings;
                // each of the three heap reads is followed by an unmeasured ping and /v1/me
                : slice
                    * (2 * option("pairs") + 5 * FIXED_RATE_PAIRS + 2 * MANY_KEYS_PAIRS + 2 * 3))
            + MAX_WRITE_WARM_UP_ROUNDS * 10
            // a write pair measures the reference, the runs and the reference with its event
            + 3 * WRITE_PAIRS * option("duration");
    // The first scrape of /metrics (and the server's first TLS connection), read between the guard
    // pairs, tripled ping's CPU in the pair after it (54 → 187 µs, 45 a minute later), as if
    // compiled code had been thrown away. Read once here, the warm-up absorbs it, as a server that
    // Prometheus scrapes from its start has.
    firstScrape();
    warmUp();
    if (!"write".equals(options.get("phases"))) {
      measureGuards();
    }
    measureWrites();
    if (noisyNeighbour()) {
      measureNoisyNeighbour();
    }
    figures.put("rss_mib", maxRssKib / 1024.0);
  }

  /**
   * {@code --noisy-neighbour} (after the other phases) or {@code --phases=noisy-neighbour} (alone).
   */
  private boolean noisyNeighbour() {
    return options.containsKey("noisy-neighbour")
        || "noisy-neighbour".equals(options.get("phases"));
  }

  /**
   * The noisy-neighbour experiment of NoisyNeighbourIT against this server: org B's mixed workload
   * alone and while org A runs every exhaustion pattern of issue 19, {@code --noisy-seconds} (20)
   * each. {@code victim_p99_ratio} is B's p99 under attack ÷ alone.
   */
  private void measureNoisyNeighbour() throws Exception {
    int seconds = Integer.parseInt(options.getOrDefault("noisy-seconds", "20"));
    progress("noisy neighbour: victim alone, then under attack", 2 * seconds + 5);
    URI base = URI.create("http://127.0.0.1:" + PORT);
    Report report =
        new NoisyNeighbour(
                new Target(base, base.resolve("/health/ready")),
                Duration.ofSeconds(seconds),
                options.getOrDefault("noisy-patterns", "all"),
                org -> {
                  try (Connection admin = admin()) {
                    AuditSeed.seed(admin, org);
                  }
                })
            .run();
    report.print(System.out);
    figures.put("server_up_after_attack", report.serverAnsweredAtEnd() ? 1.0 : 0.0);
    if (report.serverAnsweredAtEnd()) {
      sampleRss();
    }
    rows.add(
        noisyRow(
            "victim (org B) mixed workload, alone",
            report.p50Alone(),
            report.p99Alone(),
            report.requestsAlone() / (double) seconds,
            report.wrongAlone()));
    rows.add(
        noisyRow(
            "victim (org B) mixed workload, org A attacking",
            report.p50UnderAttack(),
            report.p99UnderAttack(),
            report.requestsUnderAttack() / (double) seconds,
            report.wrongUnderAttack()));
    figures.put("victim_p50_alone_ms", report.p50Alone());
    figures.put("victim_p99_alone_ms", report.p99Alone());
    figures.put("victim_p50_attack_ms", report.p50UnderAttack());
    figures.put("victim_p99_attack_ms", report.p99UnderAttack());
    figures.put("victim_p99_ratio", report.p99Ratio());
    figures.put("victim_5xx", (double) report.victimServerErrors().size());
    figures.put("victim_refused", (double) report.victimRefusals().size());
    figures.put("attacker_live_refused", (double) report.liveRefusals().size());
    figures.put("attacker_5xx", (double) report.attackContractBreaches().size());
  }

  /** A table row; errors are the victim's requests not answered as alone (5xx, lost, refused). */
  private static String[] noisyRow(
      String label, double p50, double p99, double perSecond, long errors) {
    return new String[] {
      label,
      "tools/noisy, 3 threads paced",
      fmt(perSecond),
      fmt(p50),
      fmt(p99),
      Long.toString(errors),
      "–",
      "–"
    };
  }

  /** Pairs at a fixed rate and with many keys; {@code --pairs} sets the saturated ones. */
  private static final int FIXED_RATE_PAIRS = 3;

  private static final int MANY_KEYS_PAIRS = 2;
  private static final int WRITE_PAIRS = 2;

  /**
   * Seconds per measurement inside a pair: half of {@code --duration}, so that a pair costs what
   * one measurement did.
   */
  private int slice() {
    return Math.max(3, (option("duration") + 1) / 2);
  }

  /**
   * Guard cost, latency at a fixed rate and guard cost with many keys (all but the write path).
   * Every figure comes from <em>interleaved pairs</em> (ping, then /v1/me, again and again) and is
   * the median over the pairs: this machine's speed drifts by up to 10× within minutes (CPU time
   * per ping request went from 50 to 500 µs between runs), and a ratio of two measurements taken
   * seconds apart survives that where one of two taken a minute apart does not.
   */
  private void measureGuards() throws Exception {
    int slice = slice();
    List<Wrk> pings = new ArrayList<>();
    List<Wrk> mes = new ArrayList<>();
    long rssAfterFirst = 0;
    double heapAfterFirst = 0;
    for (int pair = 1; pair <= option("pairs"); pair++) {
      pings.add(
          wrk("GET /bench/ping (unguarded baseline), pair " + pair, "ping.lua", slice, pingSteps));
      mes.add(wrk("GET /v1/me (whole ring + audit), pair " + pair, "me.lua", slice, meSteps));
      if (pair == 1) {
        rssAfterFirst = rss();
        heapAfterFirst = liveHeapMib();
      }
    }
    long rssAfterLast = rss();
    figures.put("live_heap_mib", heapAfterFirst);
    figures.put("live_heap_growth_mib", liveHeapMib() - heapAfterFirst);
    figures.put("guard_ratio", median(pings, mes, (p, m) -> m.rps / p.rps));
    figures.put("guard_ratio_min", extreme(pings, mes, (p, m) -> m.rps / p.rps, -1));
    figures.put("guard_ratio_max", extreme(pings, mes, (p, m) -> m.rps / p.rps, 1));
    figures.put(
        "guard_cpu_ratio",
        median(
            pings,
            mes,
            (p, m) -> p.cost.serverMicros / (m.cost.serverMicros + m.cost.postgresMicros)));
    figures.put("guard_p99_overhead_ms", median(pings, mes, (p, m) -> m.p99 - p.p99));
    figures.put("rss_growth_mib", (rssAfterLast - rssAfterFirst) / 1024.0);
    figures.put("cpu_us_ping", median(pings, mes, (p, m) -> p.cost.serverMicros));
    figures.put("cpu_us_me", median(pings, mes, (p, m) -> m.cost.serverMicros));
    figures.put("cpu_us_me_pg", median(pings, mes, (p, m) -> m.cost.postgresMicros));

    // Half the slower endpoint's saturated throughput. Half the baseline's alone (the first
    // rule) is more than the guarded endpoint sustains while guard_ratio < 0.5: it would measure
    // the guarded endpoint's queue, the very thing a fixed rate is there to leave out.
    int rate =
        options.containsKey("fixed-rate")
            ? option("fixed-rate")
            : (int)
                Math.round(
                    Math.min(
                            pings.stream().mapToDouble(Wrk::rps).average().orElse(0),
                            mes.stream().mapToDouble(Wrk::rps).average().orElse(0))
                        / 2);
    // The cost-matched ping: ping plus a spin of what /v1/me costs beyond it (server and
    // PostgreSQL, saturated medians), all on the request thread. Its tail over ping's is what
    // /v1/me's CPU cost alone makes of the tail; /v1/me's tail beyond that is its structure.
    long spin =
        beyondPing(
            figures.get("cpu_us_me"), figures.get("cpu_us_me_pg"), figures.get("cpu_us_ping"));
    // And the same less /v1/me's PostgreSQL share, which is its audit append (the keys' usage is
    // written once a minute): about the tail /v1/me would have without its entry in the chain.
    long spinLessAudit = Math.max(0, spin - Math.round(figures.get("cpu_us_me_pg")));
    figures.put("fixed_spin_us", (double) spin);
    figures.put("fixed_spin_less_audit_us", (double) spinLessAudit);
    writeGet("spin.lua", "/bench/ping?spin_us=" + spin);
    writeGet("spin-less-audit.lua", "/bench/ping?spin_us=" + spinLessAudit);
    for (String script : List.of("ping.lua", "me.lua", "spin.lua", "spin-less-audit.lua")) {
      writePaced(script, rate);
    }
    List<Wrk> pingsPaced = new ArrayList<>();
    List<Wrk> mesPaced = new ArrayList<>();
    List<Wrk> spinsPaced = new ArrayList<>();
    List<Wrk> spinsLessAuditPaced = new ArrayList<>();
    List<Wrk> spinsAtRatePaced = new ArrayList<>();
    List<Double> spinsAtRate = new ArrayList<>();
    for (int pair = 1; pair <= FIXED_RATE_PAIRS; pair++) {
      pingsPaced.add(
          onTheWire(
              "GET /bench/ping at a fixed " + rate + "/s, pair " + pair, "paced-ping.lua", slice));
      mesPaced.add(
          onTheWire("GET /v1/me at a fixed " + rate + "/s, pair " + pair, "paced-me.lua", slice));
      String spinning =
          "GET /bench/ping spinning %d µs (%s) at a fixed " + rate + "/s, pair " + pair;
      spinsPaced.add(onTheWire(spinning.formatted(spin, "cost-matched"), "paced-spin.lua", slice));
      spinsLessAuditPaced.add(
          onTheWire(
              spinning.formatted(spinLessAudit, "cost-matched less the audit's PostgreSQL"),
              "paced-spin-less-audit.lua",
              slice));
      // The rate-matched ping: what this pair's /v1/me cost beyond its ping at this rate (not at
      // saturation: fewer audit entries per org and flush, and more wake-ups per request), all on
      // the request thread. If its tail is /v1/me's, the tail is /v1/me's cost at this rate.
      Wrk ping = pingsPaced.get(pair - 1);
      Wrk me = mesPaced.get(pair - 1);
      long atRate =
          beyondPing(me.cost.serverMicros, me.cost.postgresMicros, ping.cost.serverMicros);
      spinsAtRate.add((double) atRate);
      writeGet("spin-at-rate.lua", "/bench/ping?spin_us=" + atRate);
      writePaced("spin-at-rate.lua", rate);
      spinsAtRatePaced.add(
          onTheWire(
              spinning.formatted(atRate, "rate-matched: /v1/me's cost at this rate"),
              "paced-spin-at-rate.lua",
              slice));
    }
    figures.put("fixed_spin_rate_matched_us", median(spinsAtRate));
    figures.put(
        "fixed_p99_overhead_rate_matched_ms",
        median(pingsPaced, spinsAtRatePaced, (p, m) -> m.p99 - p.p99));
    figures.put(
        "fixed_p99_overhead_cost_matched_ms",
        median(pingsPaced, spinsPaced, (p, m) -> m.p99 - p.p99));
    figures.put(
        "fixed_p99_overhead_less_audit_ms",
        median(pingsPaced, spinsLessAuditPaced, (p, m) -> m.p99 - p.p99));
    figures.put("fixed_rate", (double) rate);
    figures.put("fixed_rate_achieved_ping", extreme(pingsPaced, mesPaced, (p, m) -> p.rps, -1));
    figures.put("fixed_rate_achieved_me", extreme(pingsPaced, mesPaced, (p, m) -> m.rps, -1));
    figures.put("fixed_p50_overhead_ms", median(pingsPaced, mesPaced, (p, m) -> m.p50 - p.p50));
    figures.put("fixed_p99_overhead_ms", median(pingsPaced, mesPaced, (p, m) -> m.p99 - p.p99));
    figures.put(
        "fixed_p99_overhead_ms_max", extreme(pingsPaced, mesPaced, (p, m) -> m.p99 - p.p99, 1));
    wireFigures(pingsPaced, mesPaced, spinsAtRatePaced);

    seedMoreKeys(option("scale-keys"));
    List<Wrk> pingsScaled = new ArrayList<>();
    List<Wrk> mesScaled = new ArrayList<>();
    for (int pair = 1; pair <= MANY_KEYS_PAIRS; pair++) {
      String more = ", with " + option("scale-keys") + " more keys, pair " + pair;
      pingsScaled.add(wrk("GET /bench/ping" + more, "ping.lua", slice));
      mesScaled.add(wrk("GET /v1/me" + more, "me.lua", slice));
    }
    figures.put("guard_ratio_many_keys", median(pingsScaled, mesScaled, (p, m) -> m.rps / p.rps));
    figures.put("live_heap_growth_many_keys_mib", liveHeapMib() - heapAfterFirst);
    figures.put(
        "cpu_us_me_many_keys", median(pingsScaled, mesScaled, (p, m) -> m.cost.serverMicros));
  }

  /**
   * The write path in interleaved pairs too (reference, then runs); write_ratio is their median.
   * Each pair also runs the reference with the event a finished run records (CONTRACT §12: in the
   * transaction of the change), which the reference predates: write_ratio_event_matched.
   */
  private void measureWrites() throws Exception {
    warmUpWrites();
    List<Double> ratios = new ArrayList<>();
    List<Double> eventMatched = new ArrayList<>();
    List<Double> refEventPg = new ArrayList<>();
    List<Double> runCpu = new ArrayList<>();
    List<Double> runPg = new ArrayList<>();
    List<Double> refPg = new ArrayList<>();
    List<Double> runCpuDone = new ArrayList<>();
    List<Double> runPgDone = new ArrayList<>();
    for (int pair = 1; pair <= WRITE_PAIRS; pair++) {
      double pgbenchTps = pgbench(Reference.RUN, option("duration"));
      refPg.add(figures.get(Reference.RUN.cpuFigure));
      double runsPerSecond = runs(option("duration"));
      runCpu.add(figures.get("cpu_us_run"));
      runPg.add(figures.get("cpu_us_run_pg"));
      runCpuDone.add(figures.get("cpu_us_run_done"));
      runPgDone.add(figures.get("cpu_us_run_pg_done"));
      double withEventTps = pgbench(Reference.RUN_AND_EVENT, option("duration"));
      refEventPg.add(figures.get(Reference.RUN_AND_EVENT.cpuFigure));
      ratios.add(runsPerSecond / pgbenchTps);
      eventMatched.add(runsPerSecond / withEventTps);
    }
    putSpread("write_ratio_event_matched", eventMatched);
    figures.put(Reference.RUN_AND_EVENT.cpuFigure, median(refEventPg));
    putSpread("write_ratio", ratios);
    figures.put("cpu_us_run", median(runCpu));
    figures.put("cpu_us_run_pg", median(runPg));
    figures.put("cpu_us_run_done", median(runCpuDone));
    figures.put("cpu_us_run_pg_done", median(runPgDone));
    figures.put(Reference.RUN.cpuFigure, median(refPg));
    figures.put("invariant_failures", (double) invariantFailures());
  }

  /**
   * What {@code /v1/me} costs beyond ping, server and PostgreSQL, in whole µs (a spin's length).
   */
  static long beyondPing(double meServerMicros, double mePostgresMicros, double pingMicros) {
    return Math.max(0, Math.round(meServerMicros + mePostgresMicros - pingMicros));
  }

  /**
   * A figure over the pairs: its median as {@code name}, and {@code name_min}, {@code name_max}.
   */
  private void putSpread(String name, List<Double> values) {
    figures.put(name, median(values));
    figures.put(name + "_min", values.stream().mapToDouble(d -> d).min().orElse(0));
    figures.put(name + "_max", values.stream().mapToDouble(d -> d).max().orElse(0));
  }

  private interface PairFigure {
    double of(Wrk baseline, Wrk guarded);
  }

  private static double median(List<Wrk> baselines, List<Wrk> guarded, PairFigure figure) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < baselines.size(); i++) {
      values.add(figure.of(baselines.get(i), guarded.get(i)));
    }
    return median(values);
  }

  /** The smallest ({@code sign} -1) or largest (1) value over the pairs. */
  private static double extreme(
      List<Wrk> baselines, List<Wrk> guarded, PairFigure figure, int sign) {
    double result = sign * Double.NEGATIVE_INFINITY;
    for (int i = 0; i < baselines.size(); i++) {
      double value = figure.of(baselines.get(i), guarded.get(i));
      result = sign < 0 ? Math.min(result, value) : Math.max(result, value);
    }
    return result;
  }

  /**
   * The fixed-rate figures off the wire (bench/README.md, item 2): the server's own p99 overhead,
   * from the packets' times (without wrk's wait for a core), and how /v1/me's slowest 1 % line up
   * with the audit writer's flushes against all its requests. Left out when a measurement was not
   * captured.
   */
  private void wireFigures(List<Wrk> pings, List<Wrk> mes, List<Wrk> rateMatched) {
    if (Stream.of(pings, mes, rateMatched).flatMap(List::stream).anyMatch(w -> w.wire == null)) {
      return;
    }
    PairFigure serverP99Over = (p, m) -> m.wire.p99Millis() - p.wire.p99Millis();
    figures.put("fixed_p99_overhead_wire_ms", median(pings, mes, serverP99Over));
    figures.put("fixed_p99_overhead_wire_ms_max", extreme(pings, mes, serverP99Over, 1));
    figures.put(
        "fixed_p99_overhead_rate_matched_wire_ms", median(pings, rateMatched, serverP99Over));
    figures.put(
        "fixed_audit_flush_busy_pct",
        median(mes.stream().map(m -> m.wire.flushBusyPercent()).toList()));
    figures.put(
        "fixed_all_in_flush_pct",
        median(mes.stream().map(m -> m.wire.allInFlushPercent()).toList()));
    figures.put(
        "fixed_slowest_in_flush_pct",
        median(mes.stream().map(m -> m.wire.slowestInFlushPercent()).toList()));
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n == 0 ? Double.NaN : (sorted.get((n - 1) / 2) + sorted.get(n / 2)) / 2;
  }

  /**
   * Rounds of load until the JIT compiler is quiet (its threads used under 3 % of a round's time),
   * then until the warm-up's runs are executed: a measurement starts with nothing left over in the
   * background. Each round's compiler share is printed. The first {@link #WARM_UP_ROUNDS_WITH_RUNS}
   * rounds include runs (more would only grow the tables: with ten, C2 still used 12–17 % of every
   * round); the rounds after them, up to {@link #MAX_WARM_UP_ROUNDS}, only ping and /v1/me, since
   * with three rounds the first guard pairs still paid for compilation (ping CPU per request fell
   * from 380 to 69 µs over the four pairs), and with six (issue 26's baseline) /v1/me still cost
   * 200 µs in the first pairs and 134–144 µs in the last ones.
   */
  private void warmUp() throws Exception {
    for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
      boolean withRuns = round <= WARM_UP_ROUNDS_WITH_RUNS;
      double compilerShare =
          warmUpRound(
              "warm-up",
              round,
              () -> {
                wrk("warm-up", "ping.lua", 8);
                wrk("warm-up", "me.lua", 8);
                if (withRuns) {
                  wrk("warm-up", "runs.lua", 8);
                }
              });
      if (round >= 2 && compilerShare < QUIET_COMPILER_SHARE) {
        break;
      }
    }
    awaitRuns();
  }

  /**
   * Rounds of runs alone, before the write pairs, until the JIT compiler is quiet again (under
   * {@link #QUIET_COMPILER_SHARE} of a round, each round's runs executed) or {@link
   * #MAX_WRITE_WARM_UP_ROUNDS}: issue 26's runs found the compiler at about 850 µs per measured
   * run, 36–40 % of the server's CPU per run, the run path still being compiled in the measurement.
   * The guard phases' hundreds of thousands of reads compile little of it. More rounds grow the
   * tables (both sides of the pair read them); {@code write_warm_up_rounds} says how many there
   * were.
   */
  private void warmUpWrites() throws Exception {
    for (int round = 1; round <= MAX_WRITE_WARM_UP_ROUNDS; round++) {
      double compilerShare =
          warmUpRound(
              "write warm-up",
              round,
              () -> {
                wrk("warm-up", "runs.lua", 8);
                awaitRuns();
              });
      if (compilerShare < QUIET_COMPILER_SHARE) {
        break;
      }
    }
  }

  private interface Load {
    void run() throws Exception;
  }

  /**
   * One warm-up round: its load, then the JIT compiler threads' share of the round's time, printed
   * and kept as the figure {@code <kind>_rounds} (the round's number).
   */
  private double warmUpRound(String kind, int round, Load load) throws Exception {
    long compilerBefore = ProcessCpu.compilerTicks(serverPid());
    long started = System.nanoTime();
    load.run();
    double compilerShare =
        (ProcessCpu.compilerTicks(serverPid()) - compilerBefore)
            / ticksPerSecond
            / ((System.nanoTime() - started) / 1e9);
    System.out.printf(
        Locale.ROOT,
        "[bench] %s round %d: JIT compiler threads used %.1f %% of the round%n",
        kind,
        round,
        100 * compilerShare);
    figures.put(kind.replace(' ', '_').replace('-', '_') + "_rounds", (double) round);
    return compilerShare;
  }

  private static final double QUIET_COMPILER_SHARE = 0.03;
  private static final int MAX_WRITE_WARM_UP_ROUNDS = 6;
  private static final int WARM_UP_ROUNDS_WITH_RUNS = 3;
  private static final int MAX_WARM_UP_ROUNDS = 10;

  // ----- seeding -------------------------------------------------------------------------------

  /** Enterprise orgs with ample credits and keys with every scope; returns the keys' plaintext. */
  private List<String> seed(int orgs, int keys) throws SQLException {
    List<UUID> orgIds = new ArrayList<>();
    try (Connection admin = admin();
        Statement sql = admin.createStatement()) {
      admin.setAutoCommit(false);
      for (int i = 0; i < orgs; i++) {
        UUID org = UUID.randomUUID();
        orgIds.add(org);
        sql.addBatch(
            "INSERT INTO organizations (id, name, plan) VALUES ('"
                + org
                + "', 'bench "
                + i
                + "', 'enterprise')");
        sql.addBatch(
            "INSERT INTO credit_usage_periods (org_id, id, period_start, granted, balance) VALUES ('"
                + org
                + "', gen_random_uuid(), date_trunc('month', now() AT TIME ZONE 'UTC')::date, 1000000000000, 1000000000000)");
        sql.addBatch(
            "INSERT INTO credit_ledger (org_id, id, entry_type, amount, period_start, reason) VALUES ('"
                + org
                + "', gen_random_uuid(), 'grant', 1000000000000, date_trunc('month', now() AT TIME ZONE 'UTC')::date, 'benchmark')");
        // Measured runs are executed unreviewed, as an org that trusts its agent fully runs them.
        sql.addBatch(
            "INSERT INTO agent_trust_profiles (org_id, id, livemode, agent_type, level, pinned)"
                + " SELECT '"
                + org
                + "', gen_random_uuid(), m, 'invoice_processor', 'autonomous', true"
                + " FROM unnest(ARRAY[true, false]) AS m");
      }
      sql.executeBatch();
      sql.execute("CREATE SCHEMA bench");
      // each org with its tenant binding proof (V22), as the application's platform connection
      // obtains it, so that the reference transactions bind exactly as the application does
      sql.execute(
          "CREATE TABLE bench.orgs (n int PRIMARY KEY, org uuid NOT NULL, proof text NOT NULL)");
      for (int i = 0; i < orgs; i++) {
        sql.addBatch(
            "INSERT INTO bench.orgs VALUES ("
                + (i + 1)
                + ", '"
                + orgIds.get(i)
                + "', eclips_gate.tenant_binding_proof('"
                + orgIds.get(i)
                + "'))");
      }
      sql.executeBatch();
      sql.execute("GRANT USAGE ON SCHEMA bench TO " + db.settings().app().user());
      sql.execute("GRANT SELECT ON bench.orgs TO " + db.settings().app().user());
      admin.commit();
      return insertKeys(admin, orgIds, keys);
    }
  }

  private void seedMoreKeys(int count) throws SQLException {
    try (Connection admin = admin()) {
      admin.setAutoCommit(false);
      List<UUID> orgs = new ArrayList<>();
      try (ResultSet rows = admin.createStatement().executeQuery("SELECT org FROM bench.orgs")) {
        while (rows.next()) {
          orgs.add(UUID.fromString(rows.getString(1)));
        }
      }
      insertKeys(admin, orgs, count);
    }
  }

  private static List<String> insertKeys(Connection admin, List<UUID> orgs, int count)
      throws SQLException {
    KeyMint mint = new KeyMint();
    List<String> plaintexts = new ArrayList<>();
    try (PreparedStatement key =
            admin.prepareStatement(
                "INSERT INTO api_keys (org_id, id, name, mode, digest, hint, scopes)"
                    + " VALUES (?, ?, 'bench', 'live', ?, ?, 'runs:read runs:write credits:read audit:read')");
        PreparedStatement digest =
            admin.prepareStatement(
                "INSERT INTO api_key_digests (digest, org_id, key_id) VALUES (?, ?, ?)")) {
      for (int i = 0; i < count; i++) {
        MintedKey minted = mint.mint(KeyMode.LIVE);
        UUID org = orgs.get(i % orgs.size());
        UUID id = UUID.randomUUID();
        key.setObject(1, org);
        key.setObject(2, id);
        key.setBytes(3, minted.digest());
        key.setString(4, minted.hint());
        key.addBatch();
        digest.setBytes(1, minted.digest());
        digest.setObject(2, org);
        digest.setObject(3, id);
        digest.addBatch();
        plaintexts.add(minted.plaintext());
        if (i % 1000 == 999) {
          key.executeBatch();
          digest.executeBatch();
        }
      }
      key.executeBatch();
      digest.executeBatch();
      admin.commit();
    }
    return plaintexts;
  }

  // ----- load ----------------------------------------------------------------------------------

  /** One wrk measurement; {@code wire} is the server's side of it, when it was captured. */
  private record Wrk(
      double rps, double p50, double p99, long errors, Cost cost, WireLatency wire) {}

  /** CPU time per request in one phase: the server's and PostgreSQL's, in µs. */
  private record Cost(double serverMicros, double postgresMicros) {}

  /** Clock-tick counters of the server and of PostgreSQL at one moment. */
  private record Cpu(long server, long postgres) {

    Cpu less(long serverTicks) {
      return new Cpu(server - serverTicks, postgres);
    }

    Cost per(Cpu later, double requests, double ticksPerSecond) {
      double micros = 1_000_000 / ticksPerSecond / Math.max(1, requests);
      return new Cost((later.server - server) * micros, (later.postgres - postgres) * micros);
    }
  }

  private void writeScripts(List<String> keys) throws IOException {
    StringBuilder table = new StringBuilder("keys = {\n");
    keys.forEach(k -> table.append("  \"").append(k).append("\",\n"));
    table.append("}\n");
    writeGet("ping.lua", "/bench/ping");
    Files.writeString(
        WORK.resolve("me.lua"),
        table
            + "request = function()\n"
            + "  return wrk.format(\"GET\", \"/v1/me\", {[\"Authorization\"] = \"Bearer \" .. keys[math.random(#keys)]})\nend\n"
            + DONE);
    String body =
        "{\\\"agent_type\\\":\\\"invoice_processor\\\",\\\"input\\\":{\\\"vendor\\\":\\\"ACME\\\",\\\"invoice_number\\\":\\\"\" .. n .. \"\\\","
            + "\\\"currency\\\":\\\"EUR\\\",\\\"issue_date\\\":\\\"2026-11-01\\\",\\\"lines\\\":[{\\\"description\\\":\\\"Widget\\\","
            + "\\\"quantity\\\":3,\\\"unit_price\\\":\\\"19.99\\\"}],\\\"tax_rate\\\":0.2}}";
    Files.writeString(
        WORK.resolve("runs.lua"),
        table
            // wrk starts every thread's Lua with the same random seed: without a thread id and
            // the phase's start time in it, both threads (and every phase) sent the same invoice
            // numbers, and two thirds of the runs went to review as duplicates.
            + "local threads = 0\n"
            + "setup = function(thread) threads = threads + 1; thread:set(\"tid\", threads) end\n"
            + "init = function(args) prefix = \""
            + UUID.randomUUID()
            + "-\" .. os.time() .. \"-\" .. tid .. \"-\"; math.randomseed(os.time() * 100 + tid) end\n"
            + "counter = 0\nrequest = function()\n"
            + "  counter = counter + 1\n  local n = prefix .. counter\n"
            + "  return wrk.format(\"POST\", \"/v1/agents/runs\", {[\"Authorization\"] = \"Bearer \" .. keys[math.random(#keys)],"
            + " [\"Content-Type\"] = \"application/json\"}, \""
            + body
            + "\")\nend\n"
            + DONE);
  }

  /**
   * The same script, paced to {@code rate} requests per second in all: each connection pauses
   * between requests, and once a second each wrk thread compares what it sent with its share of the
   * rate and scales the pause (wrk takes whole milliseconds, so the pause is dithered between the
   * two nearest). Latency is measured from each request's start, so the pause is not in it.
   */
  private void writePaced(String script, int rate) throws IOException {
    int threads = 2;
    double perThread = rate / (double) threads;
    double connectionsPerThread = option("connections") / (double) threads;
    String pacing =
        "local share = "
            + perThread
            + "\nlocal pause = "
            + (connectionsPerThread * 1000 / perThread)
            + "\nlocal second, sent, seconds = 0, 0, 0\n"
            + "delay = function()\n"
            + "  local now = os.time()\n"
            + "  if now ~= second then\n"
            // the first second is partial: its count says nothing about the rate
            + "    if seconds >= 2 and sent > 0 then\n"
            + "      pause = math.max(0.05, math.min(1000, pause * math.max(0.5, math.min(2, sent / share))))\n"
            + "    end\n"
            + "    second, sent, seconds = now, 0, seconds + 1\n"
            + "  end\n"
            + "  sent = sent + 1\n"
            + "  local whole = math.floor(pause)\n"
            + "  if math.random() < pause - whole then whole = whole + 1 end\n"
            + "  return whole\n"
            + "end\n";
    Files.writeString(
        WORK.resolve("paced-" + script), Files.readString(WORK.resolve(script)) + pacing);
  }

  /** A wrk script that GETs one path. */
  private void writeGet(String script, String path) throws IOException {
    Files.writeString(
        WORK.resolve(script), "wrk.method = \"GET\"\nwrk.path = \"" + path + "\"\n" + DONE);
  }

  /** Prints non-2xx/3xx counts in a parseable line. */
  private static final String DONE =
      "done = function(summary, latency, requests)\n"
          + "  io.write(string.format(\"ERRORS %d %d\\n\", summary.errors.status, summary.errors.connect + summary.errors.read"
          + " + summary.errors.write + summary.errors.timeout))\nend\n";

  private Wrk wrk(String label, String script, int seconds) throws Exception {
    return wrk(label, script, seconds, null, false);
  }

  private Wrk wrk(String label, String script, int seconds, StepProfile steps) throws Exception {
    return wrk(label, script, seconds, steps, false);
  }

  /** A fixed-rate measurement, with the server's side of its latency off the wire (item 2). */
  private Wrk onTheWire(String label, String script, int seconds) throws Exception {
    return wrk(label, script, seconds, null, !"false".equals(options.get("wire")));
  }

  /**
   * One wrk measurement; with {@code steps} (unless {@code --profile=false}) JFR records the server
   * meanwhile, for the per-step table.
   */
  private Wrk wrk(String label, String script, int seconds, StepProfile steps, boolean onTheWire)
      throws Exception {
    progress(label, seconds);
    boolean profiled = steps != null && !"false".equals(options.get("profile"));
    if (profiled) {
      steps.start(serverPid());
    }
    Cpu before;
    String out;
    Cpu after;
    WireLatency wire = null;
    // closed (tcpdump stopped, its file deleted) whatever wrk does; null when not on the wire
    try (WireCapture capture =
        onTheWire ? WireCapture.start(WORK, PORT, db.settings().port()) : null) {
      before = cpu();
      out =
          run(
              List.of(
                  "wrk",
                  "-t2",
                  "-c" + options.get("connections"),
                  "-d" + seconds + "s",
                  "--latency",
                  "-s",
                  WORK.resolve(script).toString(),
                  "http://127.0.0.1:" + PORT));
      after = cpu();
      if (capture != null) {
        wire = capture.stop(PORT, db.settings().port());
      }
    }
    double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
    if (profiled) {
      // the profiler's own threads are not the server's cost (bench/README.md, item 6)
      after = after.less(steps.stop(rps * seconds));
    }
    Wrk result =
        new Wrk(
            rps,
            millis(out, "50%"),
            millis(out, "99%"),
            (long) (number(out, "ERRORS (\\d+) ") + number(out, "ERRORS \\d+ (\\d+)")),
            before.per(after, rps * seconds, ticksPerSecond),
            wire);
    sampleRss();
    if (wire != null) {
      wireRows.add(
          new String[] {
            label,
            Integer.toString(wire.requests()),
            fmt(wire.p50Millis()),
            fmt(wire.p99Millis()),
            fmt(result.p99 - wire.p99Millis()),
            fmt(wire.flushesPerSecond()),
            fmt(wire.flushBusyPercent()),
            fmt(wire.allInFlushPercent()),
            fmt(wire.slowestInFlushPercent())
          });
    }
    if (!label.equals("warm-up")) {
      rows.add(
          new String[] {
            label,
            "wrk -t2 -c" + options.get("connections"),
            fmt(result.rps),
            fmt(result.p50),
            fmt(result.p99),
            Long.toString(result.errors),
            fmt(result.cost.serverMicros),
            fmt(result.cost.postgresMicros)
          });
    }
    return result;
  }

  /** The hand-written references a run is measured against, each a pgbench script. */
  private enum Reference {
    RUN(
        "reference-run.sql",
        PGBENCH_SCRIPT,
        "reference SQL run (pgbench, 2 transactions per run)",
        "cpu_us_ref_pg"),
    RUN_AND_EVENT(
        "reference-run-event.sql",
        PGBENCH_SCRIPT_WITH_EVENT,
        "reference SQL run and its event (pgbench, 2 transactions per run)",
        "cpu_us_ref_event_pg");

    final String file;
    final String script;
    final String label;
    final String cpuFigure;

    Reference(String file, String script, String label, String cpuFigure) {
      this.file = file;
      this.script = script;
      this.label = label;
      this.cpuFigure = cpuFigure;
    }
  }

  private double pgbench(Reference reference, int seconds) throws Exception {
    Files.writeString(WORK.resolve(reference.file), reference.script);
    List<String> command =
        new ArrayList<>(
            List.of(
                "pgbench",
                "-n",
                "-c",
                options.get("connections"),
                "-j",
                "2",
                "-T",
                Integer.toString(seconds),
                "-f",
                WORK.resolve(reference.file).toString(),
                "-r",
                "-h",
                db.settings().host(),
                "-p",
                Integer.toString(db.settings().port()),
                "-U",
                db.settings().app().user(),
                db.settings().name()));
    progress(reference.label, seconds);
    Cpu before = cpu();
    String out = run(command);
    double tps = number(out, "tps = ([0-9.]+)");
    Cost cost = before.per(cpu(), tps * seconds, ticksPerSecond);
    figures.put(reference.cpuFigure, cost.postgresMicros);
    double latency = number(out, "latency average = ([0-9.]+) ms");
    rows.add(
        new String[] {
          reference.label,
          "pgbench -c" + options.get("connections"),
          fmt(tps),
          fmt(latency) + " (avg)",
          "–",
          Long.toString((long) number(out, "number of failed transactions: (\\d+)")),
          fmt(cost.serverMicros),
          fmt(cost.postgresMicros)
        });
    return tps;
  }

  /**
   * POSTs runs for the duration, then waits for every accepted run to complete. Completed runs per
   * second.
   */
  private double runs(int seconds) throws Exception {
    awaitRuns();
    long start = count("SELECT (extract(epoch FROM now()) * 1000)::bigint");
    Wrk accepted = wrk("POST /v1/agents/runs (accepted)", "runs.lua", seconds, runSteps);
    // the runs still queued when wrk stops are executed now, and cost CPU too
    Cpu drainBegan = cpu();
    long unfinished = awaitRuns();
    Cost drain = drainBegan.per(cpu(), 1, ticksPerSecond);
    String measured =
        " FROM agent_runs WHERE api_key_id IS NOT NULL AND created_at >= to_timestamp("
            + start
            + " / 1000.0)";
    long done =
        count("SELECT count(*)" + measured + " AND status IN ('succeeded', 'awaiting_review')");
    double span =
        count(
                "SELECT (extract(epoch FROM max(completed_at) - min(created_at)) * 1000)::bigint"
                    + measured)
            / 1000.0;
    double perSecond = done / span;
    rows.add(
        new String[] {
          "POST /v1/agents/runs, accepted and completed",
          "wrk -t2 -c" + options.get("connections"),
          fmt(perSecond),
          "–",
          "–",
          Long.toString(accepted.errors + unfinished),
          "–",
          "–"
        });
    figures.put("cpu_us_run", accepted.cost.serverMicros);
    figures.put("cpu_us_run_pg", accepted.cost.postgresMicros);
    // per completed run: wrk's window (per accepted request, the profiler left out) and the drain
    double acceptedRuns = accepted.rps * seconds;
    figures.put(
        "cpu_us_run_done",
        (accepted.cost.serverMicros * acceptedRuns + drain.serverMicros) / Math.max(1, done));
    figures.put(
        "cpu_us_run_pg_done",
        (accepted.cost.postgresMicros * acceptedRuns + drain.postgresMicros) / Math.max(1, done));
    return perSecond;
  }

  /** Waits (two minutes at most) until no run is queued or running; returns how many still are. */
  private long awaitRuns() throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    long unfinished;
    do {
      Thread.sleep(500);
      unfinished = count("SELECT count(*) FROM agent_runs WHERE status IN ('queued', 'running')");
    } while (unfinished > 0 && System.currentTimeMillis() < deadline);
    return unfinished;
  }

  /**
   * Orgs whose ledger does not sum to their balance, or whose debits differ from their runs'
   * charges.
   */
  private long invariantFailures() throws SQLException {
    return count(
        "SELECT count(*) FROM (SELECT p.org_id FROM credit_usage_periods p"
            + " LEFT JOIN (SELECT org_id, sum(amount) s, sum(CASE WHEN entry_type = 'debit' THEN -amount END) d FROM credit_ledger GROUP BY 1) l USING (org_id)"
            + " LEFT JOIN (SELECT org_id, sum(credits_charged) c FROM agent_runs GROUP BY 1) r USING (org_id)"
            + " WHERE p.balance <> l.s OR coalesce(l.d, 0) <> coalesce(r.c, 0)) broken");
  }

  static final String PGBENCH_SCRIPT =
      """
      \\set n random(1, 100)
      BEGIN;
      SELECT eclips_enter_org(org, proof), org, proof FROM bench.orgs WHERE n = :n \\gset
      SELECT gen_random_uuid() AS run \\gset
      SELECT state FROM agent_circuit_breakers WHERE org_id = eclips_current_org() AND livemode AND agent_type = 'invoice_processor';
      INSERT INTO agent_runs (org_id, id, agent_type, status, livemode, credits_charged, input)
        VALUES (eclips_current_org(), ':run', 'invoice_processor', 'queued', true, 10,
                '{"vendor":"ACME","invoice_number":"1","currency":"EUR","issue_date":"2026-11-01","lines":[{"quantity":3,"unit_price":"19.99"}]}');
      SELECT eclips_credit_debit(10, ':run', false);
      SELECT eclips_append_audit(jsonb_build_array(jsonb_build_object('org', eclips_current_org(), 'rows',
        jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'at', now()::text, 'actor_type', 'api_key',
          'actor_id', 'bench', 'action', 'agent_run.created', 'resource_id', ':run', 'outcome', 'allowed', 'occurrences', 1)))));
      COMMIT;
      BEGIN;
      SELECT eclips_enter_org(':org', ':proof');
      SELECT level FROM agent_trust_profiles WHERE org_id = eclips_current_org() AND livemode AND agent_type = 'invoice_processor';
      UPDATE agent_runs SET status = 'succeeded', started_at = now(), completed_at = now(),
             output = '{"subtotal":59.97,"tax":0,"total":59.97,"exceptions":[]}'
        WHERE org_id = eclips_current_org() AND id = ':run';
      COMMIT;
      """;

  /**
   * {@link #PGBENCH_SCRIPT} and the event its finished run records in the same transaction, as the
   * run workers write it (CONTRACT §12; the object {@code EventObjects.run} builds).
   */
  static final String PGBENCH_SCRIPT_WITH_EVENT =
      PGBENCH_SCRIPT.substring(0, PGBENCH_SCRIPT.lastIndexOf("COMMIT;"))
          + """
          INSERT INTO events (org_id, id, livemode, type, data)
            SELECT eclips_current_org(), gen_random_uuid(), true, 'agent_run.succeeded',
                   jsonb_build_object('id', ':run', 'error', null, 'object', 'agent_run',
                                      'status', 'succeeded', 'livemode', true,
                                      'agent_type', 'invoice_processor', 'triage_item_id', null,
                                      'credits_charged', 10);
          COMMIT;
          """;

  // ----- plumbing ------------------------------------------------------------------------------

  private void startServer(Path wlp) throws Exception {
    run(List.of(wlp.resolve("bin/server").toString(), "start", SERVER));
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 240; i++) {
      try {
        int status =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/health/ready"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("server did not become ready");
  }

  private Cpu cpu() throws IOException, InterruptedException {
    return new Cpu(ProcessCpu.ticks(serverPid()), ProcessCpu.postgresTicks());
  }

  /** One line per phase, so a run of several minutes says where it is and when it will end. */
  private void progress(String label, int seconds) {
    plannedSeconds = Math.max(seconds, plannedSeconds);
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
    System.out.printf(
        "[bench] %s %s (%d s; all measurements done about %s UTC)%n",
        now.format(DateTimeFormatter.ISO_LOCAL_TIME).substring(0, 8),
        label,
        seconds,
        now.plusSeconds(plannedSeconds).format(DateTimeFormatter.ISO_LOCAL_TIME).substring(0, 8));
    plannedSeconds -= seconds;
  }

  private String serverPid() throws IOException, InterruptedException {
    return run(List.of("pgrep", "-f", "ws-server.jar " + SERVER)).trim().split("\\s+")[0];
  }

  private void sampleRss() throws IOException, InterruptedException {
    maxRssKib = Math.max(maxRssKib, rss());
  }

  /**
   * The heap still reachable after a full collection (jcmd GC.run, then GC.heap_info), in MiB: what
   * a leak would grow. RSS alone also grows while G1 commits heap up to -Xmx, which is not a leak.
   */
  private double liveHeapMib() throws Exception {
    awaitAuditQueueDrained();
    run(List.of("jcmd", serverPid(), "GC.run"));
    String info = run(List.of("jcmd", serverPid(), "GC.heap_info"));
    settle();
    return number(info, "heap\\s+total \\d+K, used (\\d+)K") / 1024.0;
  }

  /**
   * An unmeasured round of ping and /v1/me after a heap read: the guard pair right after the first
   * read cost ping 23–35 % more CPU than the pairs before and after it (four-pair run: 55.8, 75.5,
   * 55.8, 57.4 µs), which alone lifted a two-pair run's guard CPU ratio by about 0.06.
   */
  private void settle() throws Exception {
    wrk("warm-up", "ping.lua", slice());
    wrk("warm-up", "me.lua", slice());
  }

  /** The first read of /metrics: the HTTPS port opens a moment after the server is ready. */
  private void firstScrape() throws Exception {
    for (int i = 0; ; i++) {
      try {
        gauge().read(AUDIT_QUEUE_DEPTH);
        return;
      } catch (IOException notYet) {
        if (i == 60) {
          throw notYet;
        }
        Thread.sleep(500);
      }
    }
  }

  /**
   * Waits (up to a minute) until the audit group commit has written every waiting entry: right
   * after a saturated /v1/me measurement it holds thousands (16,887, about 7 MiB, in one run),
   * bounded by {@code AuditQueue.MAX_WAITING} and written within seconds. Read with them, the live
   * heap measures where the writer happened to be, not what the server keeps (issue 26: the heap
   * moved by −9.5 to +19 MiB between runs of the same code). The most found is {@code
   * audit_queue_at_heap_max}.
   */
  private void awaitAuditQueueDrained() throws Exception {
    for (int i = 0; i < 600; i++) {
      double waiting = gauge().read(AUDIT_QUEUE_DEPTH);
      if (Double.isNaN(waiting)) {
        throw new IllegalStateException("the server reports no eclips_audit_queue_depth");
      }
      if (i == 0) {
        auditQueueAtHeap = Math.max(auditQueueAtHeap, waiting);
        figures.put("audit_queue_at_heap_max", auditQueueAtHeap);
      }
      if (waiting == 0) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the audit queue did not drain within a minute");
  }

  private long rss() throws IOException, InterruptedException {
    String status = Files.readString(Path.of("/proc", serverPid(), "status"));
    return (long) number(status, "VmRSS:\\s+(\\d+) kB");
  }

  private Connection admin() throws SQLException {
    return DriverManager.getConnection(
        db.settings().jdbcUrl(), db.settings().admin().user(), db.settings().admin().password());
  }

  private long count(String query) throws SQLException {
    try (Connection admin = admin();
        ResultSet row = admin.createStatement().executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0 && !command.get(0).equals("pgrep")) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** wrk prints latency percentiles as 1.23ms, 456.78us or 1.02s. */
  private static double millis(String text, String percentile) {
    Matcher m = Pattern.compile(Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)").matcher(text);
    if (!m.find()) {
      return 0;
    }
    double value = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
  }

  private String figure(String name) {
    Double value = figures.get(name);
    return value == null ? "–" : fmt(value);
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private void report() throws IOException, InterruptedException {
    StringBuilder md =
        new StringBuilder(
            "# Benchmark "
                + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                + " UTC\n\n");
    md.append("Machine: ")
        .append(run(List.of("nproc")).trim())
        .append(" cores, ")
        .append(run(List.of("sh", "-c", "free -g | awk '/Mem:/{print $2}'")).trim())
        .append(" GiB; ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.version"))
        .append("; PostgreSQL ")
        .append(db.isEmbedded() ? "embedded" : "at " + db.settings().host())
        .append("; rate-limit store ")
        .append(rateLimitStore().get("eclips.ratelimit.store"))
        .append(serverVariables().isEmpty() ? "" : "; server variables " + serverVariables())
        .append(
            System.getenv().getOrDefault("BENCH_JVM_OPTIONS", "").isBlank()
                ? ""
                : "; JVM options " + System.getenv("BENCH_JVM_OPTIONS").trim())
        .append("write".equals(options.get("phases")) ? "; write path only" : "")
        .append(
            "noisy-neighbour".equals(options.get("phases")) ? "; noisy-neighbour phase only" : "")
        .append(". ")
        .append("Orgs ")
        .append(options.get("orgs"))
        .append(", keys ")
        .append(options.get("keys"))
        .append(" (+")
        .append(options.get("scale-keys"))
        .append(" for the many-keys pair), ")
        .append(slice())
        .append(" s per guard measurement in interleaved pairs (figures: the median pair), ")
        .append(options.get("duration"))
        .append(" s per write measurement, wrk and the server on the same 2 cores.")
        .append(
            noisyNeighbour()
                ? " Noisy neighbour: "
                    + options.getOrDefault("noisy-seconds", "20")
                    + " s alone and "
                    + options.getOrDefault("noisy-seconds", "20")
                    + " s under attack, patterns "
                    + options.getOrDefault("noisy-patterns", "all")
                    + "; errors are the victim's requests not answered as alone (5xx, lost,"
                    + " refused)."
                : "")
        .append("\n\n");
    md.append(
        "| measurement | tool | per second | p50 ms | p99 ms | errors | server µs CPU/req | PostgreSQL µs"
            + " CPU/req |\n|---|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
    if (!wireRows.isEmpty()) {
      md.append("\n## The fixed-rate measurements off the wire\n")
          .append(
              "\nThe server's side of each request (tools.WireLatency): from the request's packet"
                  + " to its answer's first packet on the loopback interface (tcpdump), without wrk's"
                  + " own wait for a core. Audit flushes: a message to PostgreSQL of "
                  + WireLatency.FLUSH_BYTES
                  + " bytes or more until PostgreSQL's answer. Equal shares of all requests and of"
                  + " the slowest 1 % overlapping a flush would say the flushes do not make the"
                  + " tail.\n\n")
          .append(
              "| measurement | requests captured | server p50 ms | server p99 ms | wrk's p99 less the"
                  + " server's, ms | audit flushes per s | a flush running, % of the time | requests"
                  + " overlapping a flush, % | slowest 1 % overlapping a flush, % |\n"
                  + "|---|---|---|---|---|---|---|---|---|\n");
      wireRows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
    }
    if (!"false".equals(options.get("profile"))) {
      md.append("\n## Per-step cost (JFR and /proc, issue 26)\n")
          .append(
              "\nEach request thread's JFR execution sample is the step of its innermost frame a rule"
                  + " of tools.StepCosts names; the request threads' CPU per request is split by"
                  + " those shares. The other rows are thread groups' own CPU per request.\n");
      if (!"write".equals(options.get("phases"))) {
        md.append(pingSteps.markdown(ticksPerSecond));
        md.append(meSteps.markdown(ticksPerSecond));
        md.append("\nTop five, GET /v1/me: ").append(meSteps.top(5, ticksPerSecond)).append('\n');
      }
      md.append(runSteps.markdown(ticksPerSecond));
      md.append("\nTop five, a run: ").append(runSteps.top(5, ticksPerSecond)).append('\n');
    }
    if (figures.containsKey("cpu_us_run") && figures.containsKey("cpu_us_ping")) {
      // the server's CPU per run in pings of the same run: what survives the machine's speed,
      // which moved ping's own CPU between 38.5 and 105 µs from one session to the next
      figures.put("run_cpu_pings", figures.get("cpu_us_run") / figures.get("cpu_us_ping"));
    }
    md.append("\nFigures: ");
    figures.forEach((k, v) -> md.append(k).append('=').append(fmt(v)).append("  "));
    md.append("\n\nsummary: guard_ratio=")
        .append(figure("guard_ratio"))
        .append(" guard_cpu_ratio=")
        .append(figure("guard_cpu_ratio"))
        .append(" guard_p99_overhead_ms=")
        .append(figure("guard_p99_overhead_ms"))
        .append(" write_ratio=")
        .append(figure("write_ratio"))
        .append(" write_ratio_event_matched=")
        .append(figure("write_ratio_event_matched"))
        .append(" fixed_rate=")
        .append(figure("fixed_rate"))
        .append(" fixed_p50_overhead_ms=")
        .append(figure("fixed_p50_overhead_ms"))
        .append(" fixed_p99_overhead_ms=")
        .append(figure("fixed_p99_overhead_ms"))
        .append(" fixed_p99_overhead_cost_matched_ms=")
        .append(figure("fixed_p99_overhead_cost_matched_ms"))
        .append(" fixed_p99_overhead_less_audit_ms=")
        .append(figure("fixed_p99_overhead_less_audit_ms"))
        .append(" fixed_p99_overhead_rate_matched_ms=")
        .append(figure("fixed_p99_overhead_rate_matched_ms"))
        .append(" fixed_p99_overhead_wire_ms=")
        .append(figure("fixed_p99_overhead_wire_ms"))
        .append(" rss_mib=")
        .append(figure("rss_mib"))
        .append(" cpu_us_ping=")
        .append(figure("cpu_us_ping"))
        .append(" cpu_us_me=")
        .append(figure("cpu_us_me"))
        .append(" cpu_us_me_pg=")
        .append(figure("cpu_us_me_pg"))
        .append(" cpu_us_run=")
        .append(figure("cpu_us_run"))
        .append(" cpu_us_run_pg=")
        .append(figure("cpu_us_run_pg"))
        .append(" cpu_us_run_done=")
        .append(figure("cpu_us_run_done"))
        .append(" cpu_us_run_pg_done=")
        .append(figure("cpu_us_run_pg_done"))
        .append(" cpu_us_ref_pg=")
        .append(figure("cpu_us_ref_pg"))
        .append(" run_cpu_pings=")
        .append(figure("run_cpu_pings"))
        .append(" victim_p99_ratio=")
        .append(figure("victim_p99_ratio"))
        .append('\n');
    Path results = Path.of("bench/results");
    Files.createDirectories(results);
    Path file =
        results.resolve(
            LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"))
                + ".md");
    Files.writeString(file, md);
    System.out.println(md);
    System.out.println("written to " + file);
  }
}
