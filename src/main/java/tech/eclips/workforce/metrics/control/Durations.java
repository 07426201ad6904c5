package tech.eclips.workforce.metrics.control;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * The durations of one operation: count, sum, the largest of the last two minutes ({@link
 * WindowMax}) and, where configured, histogram buckets, all of its own; and the server's timer
 * (with its quantiles) when the server has a metrics system ({@link MetricsExport}). The buckets
 * are kept only where the application renders the timer itself ({@link PrometheusText}): a server's
 * timer makes its own.
 */
final class Durations {

  private final String name;
  private final String help;
  private final LongAdder count = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();
  private final WindowMax maxNanos = new WindowMax(System::nanoTime);
  private final long[] boundsNanos;
  private final LongAdder[] buckets;
  private final LongConsumer exported;

  Durations(String name, String help, long[] boundsNanos, LongConsumer exported) {
    this.name = name;
    this.help = help;
    this.boundsNanos = boundsNanos.clone();
    this.buckets = new LongAdder[boundsNanos.length];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
    this.exported = exported;
  }

  void record(long nanos) {
    count.increment();
    totalNanos.add(nanos);
    maxNanos.accumulate(nanos);
    for (int i = 0; i < boundsNanos.length; i++) {
      if (nanos <= boundsNanos[i]) {
        buckets[i].increment();
        break;
      }
    }
    exported.accept(nanos);
  }

  String name() {
    return name;
  }

  String help() {
    return help;
  }

  long count() {
    return count.sum();
  }

  long totalNanos() {
    return totalNanos.sum();
  }

  long maxNanos() {
    return maxNanos.get();
  }

  /** The buckets' upper bounds in ns, ascending; empty when none are kept. */
  long[] boundsNanos() {
    return boundsNanos.clone();
  }

  /** Durations up to each bound, cumulative as Prometheus counts them. */
  long[] cumulativeBuckets() {
    long[] cumulative = new long[buckets.length];
    long sum = 0;
    for (int i = 0; i < buckets.length; i++) {
      sum += buckets[i].sum();
      cumulative[i] = sum;
    }
    return cumulative;
  }
}
