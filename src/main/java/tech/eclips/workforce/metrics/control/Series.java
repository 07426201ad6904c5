package tech.eclips.workforce.metrics.control;

import java.util.List;

/**
 * What one series is called, what it counts and its labels: names and values, alternating, as
 * {@link Meters} gives them. Kept beside the count so that a server without a metrics system of its
 * own can still be served every series ({@link PrometheusText}).
 */
record Series(String name, String help, List<String> labels) {

  static Series of(String name, String help, String... labels) {
    return new Series(name, help, List.of(labels));
  }
}
