package tech.eclips.workforce.runs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.tenancy.entity.OrgId;

class FairRunQueueTest {

  private final OrgId a = new OrgId(UUID.randomUUID());
  private final OrgId b = new OrgId(UUID.randomUUID());
  private final FairRunQueue queue = new FairRunQueue(1_000);

  @Test
  void anotherOrgsSingleRunGoesInTheNextBatchBehindAFlood() throws Exception {
    for (int i = 0; i < 1_000; i++) {
      assertTrue(queue.offer(new FairRunQueue.Pending(a, UUID.randomUUID(), 100)));
    }
    UUID victim = UUID.randomUUID();
    queue.offer(new FairRunQueue.Pending(b, victim, 100));
    Map<OrgId, List<UUID>> first = queue.take(64, Long.MAX_VALUE, 0);
    assertEquals(List.of(victim), first.get(b));
    assertEquals(63, first.get(a).size());
    assertEquals(1_000 - 63, queue.queued(a));
  }

  @Test
  void runsOfOneOrgKeepTheirOrder() throws Exception {
    List<UUID> runs = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    runs.forEach(r -> queue.offer(new FairRunQueue.Pending(a, r, 1)));
    assertEquals(Map.of(a, runs), queue.take(64, Long.MAX_VALUE, 0));
  }

  @Test
  void anOrgsQueueIsBounded() {
    FairRunQueue small = new FairRunQueue(2);
    assertTrue(small.offer(new FairRunQueue.Pending(a, UUID.randomUUID(), 1)));
    assertTrue(small.offer(new FairRunQueue.Pending(a, UUID.randomUUID(), 1)));
    assertFalse(small.offer(new FairRunQueue.Pending(a, UUID.randomUUID(), 1)));
    assertTrue(small.offer(new FairRunQueue.Pending(b, UUID.randomUUID(), 1)));
  }

  @Test
  void aBatchIsBoundedInInputBytesButTakesAtLeastOneRun() throws Exception {
    long mib = 1 << 20;
    for (int i = 0; i < 20; i++) {
      queue.offer(new FairRunQueue.Pending(a, UUID.randomUUID(), mib));
    }
    assertEquals(8, queue.take(64, 8 * mib, 0).get(a).size());
    FairRunQueue huge = new FairRunQueue(10);
    huge.offer(new FairRunQueue.Pending(b, UUID.randomUUID(), 20 * mib));
    assertEquals(1, huge.take(64, 8 * mib, 0).get(b).size());
  }

  @Test
  void anEmptyQueueAnswersAnEmptyBatchAfterItsWait() throws Exception {
    assertEquals(Map.of(), queue.take(64, Long.MAX_VALUE, 10));
  }
}
