package tech.eclips.workforce.metrics.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A timer's _max forgets a value two minutes after it, as Micrometer's does on Liberty. */
class WindowMaxTest {

  private long now = 1_000;

  private void after(long seconds) {
    now += TimeUnit.SECONDS.toNanos(seconds);
  }

  @Test
  void theLargestValueStaysForTwoMinutesThenGoes() {
    WindowMax max = new WindowMax(() -> now);
    assertEquals(0, max.get());
    max.accumulate(5);
    max.accumulate(2);
    assertEquals(5, max.get());
    after(40);
    max.accumulate(3);
    assertEquals(5, max.get());
    after(40);
    assertEquals(5, max.get());
    after(40);
    assertEquals(3, max.get(), "two minutes after the 5, only the later 3 is left");
    after(40);
    assertEquals(0, max.get(), "two minutes after the 3");
  }

  @Test
  void aQuietWindowClearsEverything() {
    WindowMax max = new WindowMax(() -> now);
    max.accumulate(7);
    after(600);
    assertEquals(0, max.get());
    max.accumulate(1);
    assertEquals(1, max.get());
  }
}
