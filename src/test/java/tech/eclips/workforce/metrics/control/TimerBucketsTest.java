package tech.eclips.workforce.metrics.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The timer buckets are read from the MicroProfile Metrics setting Liberty reads. */
class TimerBucketsTest {

  private static final long MS = 1_000_000L;

  @Test
  void theSettingOfMicroprofileConfigPropertiesGivesLibertysBounds() {
    TimerBuckets buckets = TimerBuckets.parse(PrometheusTextTest.BUCKETS);
    assertArrayEquals(
        new long[] {
          50 * MS,
          100 * MS,
          250 * MS,
          500 * MS,
          1000 * MS,
          2500 * MS,
          5000 * MS,
          10_000 * MS,
          20_000 * MS
        },
        buckets.of("eclips_webhook_delivery_latency"));
    assertArrayEquals(new long[0], buckets.of("eclips_audit_flush"));
  }

  @Test
  void unitsGroupsAndPrefixes() {
    assertEquals(2_500 * MS, TimerBuckets.nanos("2.5s"));
    assertEquals(60_000 * MS, TimerBuckets.nanos("1m"));
    assertEquals(3_600_000 * MS, TimerBuckets.nanos("1h"));
    assertEquals(100 * MS, TimerBuckets.nanos("100"), "no unit: milliseconds");
    assertEquals(0, TimerBuckets.nanos("soon"));
    TimerBuckets buckets = TimerBuckets.parse("a=1s,100ms,junk,100ms;eclips_*=2s");
    assertArrayEquals(new long[] {100 * MS, 1000 * MS}, buckets.of("a"), "sorted, once each");
    assertArrayEquals(new long[] {2000 * MS}, buckets.of("eclips_audit_flush"));
    assertArrayEquals(new long[0], TimerBuckets.parse(null).of("a"));
    assertArrayEquals(new long[0], TimerBuckets.parse("=1s;b").of("b"));
  }
}
