package tech.eclips.workforce.bulkheads.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrgBulkheadTest {

  private final OrgBulkhead<String> uploads = new OrgBulkhead<>(Kind.UPLOADS, 2, 3, Duration.ZERO);

  @Test
  void anOrgOverItsShareIsRefusedAndTheOthersAreNot() throws Exception {
    Permit a1 = admitted(uploads.acquire("a"));
    Permit a2 = admitted(uploads.acquire("a"));
    Admission third = uploads.acquire("a");
    assertEquals(new Admission.OverOrgShare(Kind.UPLOADS, 2), third);
    Permit b1 = admitted(uploads.acquire("b"));
    assertEquals(3, uploads.inUse());
    a1.close();
    admitted(uploads.acquire("a")).close();
    a2.close();
    b1.close();
  }

  @Test
  void theServersCapacityIsRefusedWith503NotWaitedFor() throws Exception {
    admitted(uploads.acquire("a"));
    admitted(uploads.acquire("b"));
    admitted(uploads.acquire("c"));
    assertEquals(new Admission.OverCapacity(Kind.UPLOADS, 3), uploads.acquire("d"));
    // the refused org took nothing: its share is whole again
    assertEquals(3, uploads.inUse());
  }

  @Test
  void aPermitIsGivenBackOnceHoweverOftenItIsClosed() throws Exception {
    Permit permit = admitted(uploads.acquire("a"));
    permit.close();
    permit.close();
    assertEquals(0, uploads.inUse());
    admitted(uploads.acquire("a"));
    admitted(uploads.acquire("a"));
    assertInstanceOf(Admission.OverOrgShare.class, uploads.acquire("a"));
  }

  @Test
  void aMillionOrgsLeaveNothingBehind() throws Exception {
    for (int i = 0; i < 1_000_000; i++) {
      admitted(uploads.acquire("org-" + i)).close();
    }
    uploads.acquire("x"); // admitted, held
    assertEquals(1, uploads.orgsInMemory());
  }

  @Test
  void refusalsLeaveNoEntryBehind() throws Exception {
    Permit a1 = admitted(uploads.acquire("a"));
    Permit a2 = admitted(uploads.acquire("a"));
    uploads.acquire("a");
    a1.close();
    a2.close();
    assertEquals(0, uploads.orgsInMemory());
  }

  @Test
  void anOrgWaitsForItsOwnShareOnlyAsLongAsAllowed() throws Exception {
    OrgBulkhead<String> connections =
        new OrgBulkhead<>(Kind.CONNECTIONS, 1, 10, Duration.ofSeconds(30));
    Permit held = admitted(connections.acquire("a"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch waiting = new CountDownLatch(1);
      Future<Admission> second =
          pool.submit(
              () -> {
                waiting.countDown();
                return connections.acquire("a");
              });
      waiting.await();
      held.close();
      admitted(second.get(30, TimeUnit.SECONDS)).close();
      assertEquals(0, connections.orgsInMemory());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void noMoreOfAnOrgsRequestsWaitThanItsShare() throws Exception {
    OrgBulkhead<String> connections =
        new OrgBulkhead<>(Kind.CONNECTIONS, 1, 10, Duration.ofSeconds(30));
    Permit held = admitted(connections.acquire("a"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Admission> waiting = pool.submit(() -> connections.acquire("a"));
      while (connections.waiting("a") < 1) {
        Thread.onSpinWait();
      }
      // one holds, one waits: a third is refused at once, without waiting
      assertEquals(new Admission.OverOrgShare(Kind.CONNECTIONS, 1), connections.acquire("a"));
      held.close();
      admitted(waiting.get(30, TimeUnit.SECONDS)).close();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void asManyMayWaitAsConfiguredAndNoMore() throws Exception {
    OrgBulkhead<String> connections =
        new OrgBulkhead<>(Kind.CONNECTIONS, 1, 10, Duration.ofSeconds(30), 3);
    Permit held = admitted(connections.acquire("a"));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Admission>> waiting = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        // each gives its permit back at once, so the next waiter gets it
        waiting.add(pool.submit(() -> closed(connections.acquire("a"))));
      }
      while (connections.waiting("a") < 3) {
        Thread.onSpinWait();
      }
      // one holds, three wait: a fifth is refused at once; another org is not affected
      assertEquals(new Admission.OverOrgShare(Kind.CONNECTIONS, 1), connections.acquire("a"));
      admitted(connections.acquire("b")).close();
      held.close();
      for (Future<Admission> next : waiting) {
        assertInstanceOf(Admission.Admitted.class, next.get(30, TimeUnit.SECONDS));
      }
      assertEquals(0, connections.orgsInMemory());
    } finally {
      pool.shutdownNow();
    }
  }

  private static Admission closed(Admission admission) {
    if (admission instanceof Admission.Admitted admitted) {
      admitted.permit().close();
    }
    return admission;
  }

  @Test
  void concurrentOrgsNeverExceedTheirShareNorTheCapacity() throws Exception {
    OrgBulkhead<String> caps = new OrgBulkhead<>(Kind.ACCEPTS, 3, 8, Duration.ZERO);
    int[] maxSeen = new int[1];
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String org = "org-" + (i % 4);
        calls.add(
            pool.submit(
                () -> {
                  for (int n = 0; n < 2_000; n++) {
                    Admission admission = caps.acquire(org);
                    if (admission instanceof Admission.Admitted admitted) {
                      synchronized (maxSeen) {
                        maxSeen[0] = Math.max(maxSeen[0], caps.inUse());
                      }
                      admitted.permit().close();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> call : calls) {
        call.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, caps.inUse());
    assertEquals(0, caps.orgsInMemory());
    assertEquals(true, maxSeen[0] <= 8, "in use at most the capacity, saw " + maxSeen[0]);
  }

  private static Permit admitted(Admission admission) {
    return assertInstanceOf(Admission.Admitted.class, admission).permit();
  }
}
