package tech.eclips.workforce.metrics.control;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * The durations of one operation: count, sum and maximum of its own, and the server's timer (with
 * its quantiles) when the server has a metrics system ({@link MetricsExport}).
 */
final class Durations {

  private final LongAdder count = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();
  private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
  private final LongConsumer exported;

  Durations(LongConsumer exported) {
    this.exported = exported;
  }

  void record(long nanos) {
    count.increment();
    totalNanos.add(nanos);
    maxNanos.accumulate(nanos);
    exported.accept(nanos);
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
}
