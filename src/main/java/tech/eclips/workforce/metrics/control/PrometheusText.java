package tech.eclips.workforce.metrics.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@link Meters}' own series in the Prometheus text format 0.0.4, written as Open Liberty's
 * mpMetrics-5.1 (Micrometer's Prometheus registry) writes them, for a server without a metrics
 * system of its own (WildFly): one query and one dashboard fit both servers. Counters are {@code
 * <name>_total}; every series carries {@code mp_scope="application"}; label names are sorted, each
 * pair followed by a comma, and {@code le} comes last; values are Java doubles ({@code 6.0}). A
 * timer is a summary of {@code _count} and {@code _sum} in seconds, a histogram where buckets are
 * configured, and a {@code _max} gauge. Liberty's quantile samples are not written: Micrometer
 * computes them over a decaying window of every duration, which this rendering does not keep.
 */
final class PrometheusText {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** The label MicroProfile Metrics 5 puts on each application series. */
  static final String SCOPE = "mp_scope=\"application\",";

  private static final double NANOS_PER_SECOND = 1e9;

  /** A value read when scraped. */
  record Gauge(String name, String help, Supplier<Number> value) {}

  private final StringBuilder out = new StringBuilder(8192);

  private PrometheusText() {}

  static String render(
      Collection<Tally> counters, Collection<Gauge> gauges, Collection<Durations> timers) {
    PrometheusText text = new PrometheusText();
    Map<String, List<Tally>> families = new LinkedHashMap<>();
    for (Tally tally : counters) {
      families.computeIfAbsent(tally.series().name(), k -> new ArrayList<>()).add(tally);
    }
    families.values().forEach(text::counters);
    gauges.forEach(text::gauge);
    timers.forEach(text::timer);
    return text.out.toString();
  }

  private void counters(List<Tally> family) {
    String name = family.get(0).series().name() + "_total";
    header(name, family.get(0).series().help(), "counter");
    for (Tally tally : family) {
      sample(name, labels(tally.series().labels()), tally.count());
    }
  }

  private void gauge(Gauge gauge) {
    header(gauge.name(), gauge.help(), "gauge");
    sample(gauge.name(), SCOPE, read(gauge.value()));
  }

  private void timer(Durations timer) {
    String name = timer.name() + "_seconds";
    long[] bounds = timer.boundsNanos();
    header(name, timer.help(), bounds.length == 0 ? "summary" : "histogram");
    long[] cumulative = timer.cumulativeBuckets();
    long count = timer.count();
    for (int i = 0; i < bounds.length; i++) {
      sample(name + "_bucket", SCOPE + le(number(bounds[i] / NANOS_PER_SECOND)), cumulative[i]);
    }
    if (bounds.length > 0) {
      // read after the buckets, so never below them
      long inf = Math.max(count, cumulative[cumulative.length - 1]);
      sample(name + "_bucket", SCOPE + le("+Inf"), inf);
    }
    sample(name + "_count", SCOPE, count);
    sample(name + "_sum", SCOPE, timer.totalNanos() / NANOS_PER_SECOND);
    header(name + "_max", timer.help(), "gauge");
    sample(name + "_max", SCOPE, timer.maxNanos() / NANOS_PER_SECOND);
  }

  private void header(String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private void sample(String name, String labels, double value) {
    out.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
  }

  /** The series' labels and the scope, sorted by name, each pair followed by a comma. */
  static String labels(List<String> pairs) {
    Map<String, String> sorted = new TreeMap<>();
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      sorted.put(pairs.get(i), pairs.get(i + 1));
    }
    sorted.put("mp_scope", "application");
    StringBuilder labels = new StringBuilder();
    sorted.forEach(
        (name, value) ->
            labels.append(name).append("=\"").append(escapeLabel(value)).append("\","));
    return labels.toString();
  }

  private static String le(String bound) {
    return "le=\"" + bound + "\",";
  }

  /** A sample value as Go's Prometheus and Java's simpleclient write it. */
  static String number(double value) {
    if (value == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (value == Double.NEGATIVE_INFINITY) {
      return "-Inf";
    }
    return Double.isNaN(value) ? "NaN" : Double.toString(value);
  }

  /** A gauge that cannot be read (its source failed) is NaN, as Micrometer reports it. */
  private static double read(Supplier<Number> value) {
    try {
      Number number = value.get();
      return number == null ? Double.NaN : number.doubleValue();
    } catch (RuntimeException unreadable) {
      return Double.NaN;
    }
  }

  static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
