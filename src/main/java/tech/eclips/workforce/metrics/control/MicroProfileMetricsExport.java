package tech.eclips.workforce.metrics.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetadataBuilder;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Reports {@link Meters}' series to MicroProfile Metrics, which serves them as Prometheus text at
 * {@code /metrics} on Open Liberty (mpMetrics). The only class that imports the MicroProfile
 * Metrics API: on a server without it (WildFly) CDI cannot load its {@code MetricRegistry} field,
 * skips this bean (Weld's WELD-000119) and {@link Meters} counts on its own.
 */
@ApplicationScoped
public class MicroProfileMetricsExport implements MetricsExport {

  @Inject MetricRegistry registry;

  @Override
  public LongConsumer counter(String name, String description, String... labels) {
    Tag[] tags = new Tag[labels.length / 2];
    for (int i = 0; i < tags.length; i++) {
      tags[i] = new Tag(labels[2 * i], labels[2 * i + 1]);
    }
    Counter counter = registry.counter(meta(name, description).build(), tags);
    return counter::inc;
  }

  @Override
  public LongConsumer timer(String name, String description) {
    Timer timer = registry.timer(meta(name, description).withUnit(MetricUnits.SECONDS).build());
    return nanos -> timer.update(Duration.ofNanos(nanos));
  }

  @Override
  public void gauge(String name, String description, Supplier<Number> value) {
    registry.gauge(meta(name, description).build(), value);
  }

  private static MetadataBuilder meta(String name, String description) {
    return Metadata.builder().withName(name).withDescription(description);
  }
}
