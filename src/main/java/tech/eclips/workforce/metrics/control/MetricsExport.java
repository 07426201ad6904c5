package tech.eclips.workforce.metrics.control;

import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A metrics system of the application server that {@link Meters} also reports to, when the server
 * has one the application can reach: MicroProfile Metrics on Open Liberty ({@link
 * MicroProfileMetricsExport}), none on WildFly (where {@link Meters#prometheusText} is served). Its
 * implementations are the only classes that import a metrics API; they are separate beans so that a
 * server without that API skips them (CDI cannot load a bean class whose field types are missing)
 * while the same WAR still deploys.
 */
public interface MetricsExport {

  /**
   * The server's counter of a series; what it returns is called with each increment.
   *
   * @param labels label names and values, alternating
   */
  LongConsumer counter(String name, String description, String... labels);

  /** The server's timer of one operation; what it returns is called with each duration in ns. */
  LongConsumer timer(String name, String description);

  /** A value the server reads when it is scraped. */
  void gauge(String name, String description, Supplier<Number> value);
}
