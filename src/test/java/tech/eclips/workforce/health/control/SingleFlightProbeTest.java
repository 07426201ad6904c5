package tech.eclips.workforce.health.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SingleFlightProbeTest {

  private static final long PERIOD = TimeUnit.SECONDS.toNanos(1);

  @Test
  void withinThePeriodTheLastAnswerIsServed() {
    AtomicLong now = new AtomicLong();
    AtomicInteger probes = new AtomicInteger();
    boolean[] up = {true};
    SingleFlightProbe probe =
        new SingleFlightProbe(
            () -> {
              probes.incrementAndGet();
              return up[0];
            },
            PERIOD,
            now::get);
    for (int i = 0; i < 1_000; i++) {
      assertTrue(probe.up());
    }
    assertEquals(1, probes.get());
    up[0] = false;
    now.addAndGet(PERIOD);
    assertEquals(false, probe.up());
    assertEquals(2, probes.get());
  }

  @Test
  void aFloodWhileOneProbeIsInFlightCostsThatOneProbe() throws Exception {
    AtomicInteger probes = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    SingleFlightProbe probe =
        new SingleFlightProbe(
            () -> {
              probes.incrementAndGet();
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return true;
            },
            PERIOD,
            System::nanoTime);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<Boolean>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        calls.add(pool.submit(probe::up));
      }
      Thread.sleep(200); // let the flood arrive while the first probe waits
      release.countDown();
      for (Future<Boolean> call : calls) {
        assertTrue(call.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, probes.get());
  }
}
