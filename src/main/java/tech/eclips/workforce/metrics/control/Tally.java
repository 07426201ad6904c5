package tech.eclips.workforce.metrics.control;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * The count of one series: an adder of the application's own, and the server's counter of the same
 * series when the server has a metrics system ({@link MetricsExport}). Keeping its own count costs
 * one adder increment and lets every server report the same figures.
 */
final class Tally {

  /** Where increments go when no server metrics system takes them. */
  static final LongConsumer NOWHERE = n -> {};

  private final LongAdder count = new LongAdder();
  private final Series series;
  private final LongConsumer exported;

  Tally(Series series, LongConsumer exported) {
    this.series = series;
    this.exported = exported;
  }

  Series series() {
    return series;
  }

  void increment() {
    count.increment();
    exported.accept(1);
  }

  void add(long n) {
    count.add(n);
    exported.accept(n);
  }

  long count() {
    return count.sum();
  }
}
