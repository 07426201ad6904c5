package tech.eclips.workforce.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-step cost of one endpoint over the benchmark's measurements of it: a JFR recording of the
 * server ({@code jcmd JFR.start}, execution samples only) and each thread group's CPU from {@code
 * /proc} around every measurement, summed over the pairs; {@link StepCosts} turns them into a table
 * of server µs per request. JFR's own threads are a row of the table, so its cost is visible; the
 * benchmark's CPU figures leave that row out (it is the profiler's, a fixed cost per second that
 * would otherwise weigh most on the slowest endpoint).
 */
final class StepProfile {

  private final String endpoint;
  private final String file;
  private final Path directory;
  private final List<Path> recordings = new ArrayList<>();
  private final Map<String, Long> ticks = new TreeMap<>();
  private double requests;
  private Map<String, ProcessCpu.ThreadTicks> before;
  private long processBefore;
  private String pid;

  static final String ENDED_THREADS = "threads that ended during the measurement";

  StepProfile(String endpoint, String file, Path directory) {
    this.endpoint = endpoint;
    this.file = file;
    this.directory = directory;
  }

  void start(String serverPid) throws IOException, InterruptedException {
    pid = serverPid;
    Path recording =
        directory.resolve(file + "-" + (recordings.size() + 1) + ".jfr").toAbsolutePath();
    Files.deleteIfExists(recording);
    recordings.add(recording);
    jcmd("JFR.start", "name=steps", "settings=" + settings(), "filename=" + recording);
    before = ProcessCpu.threadTicks(pid);
    processBefore = ProcessCpu.ticks(pid);
  }

  /** Ends the measurement; answers the CPU ticks JFR's own threads spent in it. */
  long stop(double requestsServed) throws IOException, InterruptedException {
    Map<String, ProcessCpu.ThreadTicks> after = ProcessCpu.threadTicks(pid);
    long spent = ProcessCpu.ticks(pid) - processBefore;
    jcmd("JFR.stop", "name=steps");
    long counted = 0;
    long measurement = 0;
    for (Map.Entry<String, ProcessCpu.ThreadTicks> thread : after.entrySet()) {
      ProcessCpu.ThreadTicks earlier = before.get(thread.getKey());
      long delta = thread.getValue().ticks() - (earlier == null ? 0 : earlier.ticks());
      ticks.merge(thread.getValue().group(), delta, Long::sum);
      counted += delta;
      measurement += thread.getValue().group().equals(StepCosts.MEASUREMENT) ? delta : 0;
    }
    // threads that ended meanwhile took their time with them; the process's total still has it
    ticks.merge(ENDED_THREADS, Math.max(0, spent - counted), Long::sum);
    requests += requestsServed;
    return measurement;
  }

  /** The table's rows: server µs per request, by step and by thread group. */
  List<StepCosts.Row> rows(double ticksPerSecond) throws IOException {
    Map<String, Double> groupMicros = new LinkedHashMap<>();
    double micros = 1_000_000 / ticksPerSecond / Math.max(1, requests);
    ticks.forEach((group, t) -> groupMicros.put(group, t * micros));
    return StepCosts.table(StepCosts.samples(recordings), groupMicros);
  }

  /** A markdown section: the table, and the recordings it came from. */
  String markdown(double ticksPerSecond) throws IOException {
    StringBuilder md =
        new StringBuilder("\n### Per-step server CPU: ")
            .append(endpoint)
            .append("\n\n| step | µs per request | JFR samples |\n|---|---|---|\n");
    double sum = 0;
    for (StepCosts.Row row : rows(ticksPerSecond)) {
      sum += row.micros();
      md.append("| ")
          .append(row.step())
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.1f", row.micros()))
          .append(" | ")
          .append(row.samples() < 0 ? "(thread CPU)" : Long.toString(row.samples()))
          .append(" |\n");
    }
    md.append("| **all threads** | **")
        .append(String.format(Locale.ROOT, "%.1f", sum))
        .append("** | |\n\nFrom ")
        .append(recordings.size())
        .append(" recordings (")
        .append(String.format(Locale.ROOT, "%.0f", requests))
        .append(" requests), ")
        .append(directory.resolve(file + "-*.jfr"))
        .append(".\n");
    return md.toString();
  }

  /** The {@code n} costliest steps of the request threads, "step=µs" each. */
  String top(int n, double ticksPerSecond) throws IOException {
    return rows(ticksPerSecond).stream()
        .filter(r -> r.samples() >= 0)
        .sorted(java.util.Comparator.comparingDouble(StepCosts.Row::micros).reversed())
        .limit(n)
        .map(r -> String.format(Locale.ROOT, "%s %.1f µs", r.step(), r.micros()))
        .reduce((a, b) -> a + "; " + b)
        .orElse("–");
  }

  /**
   * Execution samples only, every {@link #SAMPLE_MILLIS} ms (the "profile" settings sample every 10
   * ms and record much else: a few hundred samples per measurement, too few for the small steps).
   */
  private Path settings() throws IOException {
    Path jfc = directory.resolve("steps.jfc").toAbsolutePath();
    Files.writeString(
        jfc,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\">\n"
            + "  <event name=\"jdk.ExecutionSample\">\n"
            + "    <setting name=\"enabled\">true</setting>\n"
            + "    <setting name=\"stackTrace\">true</setting>\n"
            + "    <setting name=\"period\">"
            + SAMPLE_MILLIS
            + " ms</setting>\n  </event>\n</configuration>\n");
    return jfc;
  }

  static final int SAMPLE_MILLIS = 2;

  private void jcmd(String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of("jcmd", pid));
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", line) + ": " + out);
    }
  }
}
