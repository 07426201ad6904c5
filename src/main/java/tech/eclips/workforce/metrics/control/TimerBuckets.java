package tech.eclips.workforce.metrics.control;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The histogram buckets of timers, read from the MicroProfile Metrics setting that configures them
 * on Liberty ({@code mp.metrics.distribution.timer.buckets=<name>=50ms,1s;<name>=...}, in
 * microprofile-config.properties), so that the application's own rendering on WildFly ({@link
 * PrometheusText}) has the very same {@code le} bounds from the same line. A name may end in {@code
 * *} (a prefix); a value without a unit is in milliseconds, as MicroProfile Metrics 5 reads it.
 */
final class TimerBuckets {

  private final Map<String, long[]> byName = new LinkedHashMap<>();

  private TimerBuckets() {}

  static TimerBuckets parse(String setting) {
    TimerBuckets buckets = new TimerBuckets();
    for (String group : setting == null ? new String[0] : setting.split(";")) {
      int equals = group.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      long[] bounds =
          Arrays.stream(group.substring(equals + 1).split(","))
              .map(String::trim)
              .filter(v -> !v.isEmpty())
              .mapToLong(TimerBuckets::nanos)
              .filter(n -> n > 0)
              .sorted()
              .distinct()
              .toArray();
      buckets.byName.put(group.substring(0, equals).trim(), bounds);
    }
    return buckets;
  }

  /** The upper bounds of a timer's buckets in ns, ascending; empty for a timer without any. */
  long[] of(String timer) {
    for (Map.Entry<String, long[]> entry : byName.entrySet()) {
      String name = entry.getKey();
      boolean matches =
          name.endsWith("*")
              ? timer.startsWith(name.substring(0, name.length() - 1))
              : timer.equals(name);
      if (matches) {
        return entry.getValue().clone();
      }
    }
    return new long[0];
  }

  /** {@code 50ms}, {@code 2.5s}, {@code 1m}, {@code 1h} or plain milliseconds; else 0 (ignored). */
  static long nanos(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    TimeUnit unit = TimeUnit.MILLISECONDS;
    String number = v;
    if (v.endsWith("ms")) {
      number = v.substring(0, v.length() - 2);
    } else if (v.endsWith("s")) {
      unit = TimeUnit.SECONDS;
      number = v.substring(0, v.length() - 1);
    } else if (v.endsWith("m")) {
      unit = TimeUnit.MINUTES;
      number = v.substring(0, v.length() - 1);
    } else if (v.endsWith("h")) {
      unit = TimeUnit.HOURS;
      number = v.substring(0, v.length() - 1);
    }
    try {
      return Math.round(Double.parseDouble(number) * unit.toNanos(1));
    } catch (NumberFormatException notANumber) {
      return 0;
    }
  }
}
