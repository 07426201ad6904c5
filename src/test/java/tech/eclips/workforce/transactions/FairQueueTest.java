package tech.eclips.workforce.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.tenancy.entity.OrgId;

/** The queue shared by the accept, run and audit group commits (runs stand in for any item). */
class FairQueueTest {

  record Run(OrgId org, UUID id, long inputBytes) {}

  private final OrgId a = new OrgId(UUID.randomUUID());
  private final OrgId b = new OrgId(UUID.randomUUID());
  private final FairQueue<Run> queue = new FairQueue<>(1_000, 10_000, Run::inputBytes);

  private boolean offer(FairQueue<Run> to, OrgId org, long bytes) {
    return to.offer(org, new Run(org, UUID.randomUUID(), bytes));
  }

  @Test
  void anotherOrgsSingleItemGoesInTheNextBatchBehindAFlood() throws Exception {
    for (int i = 0; i < 1_000; i++) {
      assertTrue(offer(queue, a, 100));
    }
    Run victim = new Run(b, UUID.randomUUID(), 100);
    queue.offer(b, victim);
    List<Run> first = queue.take(64, Long.MAX_VALUE, 0);
    assertEquals(64, first.size());
    assertTrue(first.contains(victim), "the other org's item is in the first batch");
    assertEquals(63, first.stream().filter(r -> r.org().equals(a)).count());
    assertEquals(1_000 - 63, queue.size(a));
  }

  @Test
  void aFloodingOrgFillsOnlyItsOwnShareAndTheOthersStillGetIn() {
    FairQueue<Run> shared = new FairQueue<>(3, 4, Run::inputBytes);
    assertTrue(offer(shared, a, 1));
    assertTrue(offer(shared, a, 1));
    assertTrue(offer(shared, a, 1));
    assertFalse(offer(shared, a, 1), "the org's bound");
    assertTrue(offer(shared, b, 1), "another org is not crowded out");
    assertFalse(offer(shared, b, 1), "the whole queue's bound");
  }

  @Test
  void itemsOfOneOrgKeepTheirOrder() throws Exception {
    List<Run> runs = List.of(new Run(a, UUID.randomUUID(), 1), new Run(a, UUID.randomUUID(), 1));
    runs.forEach(r -> queue.offer(a, r));
    assertEquals(runs, queue.take(64, Long.MAX_VALUE, 0));
  }

  @Test
  void aBatchIsBoundedInWeightButTakesAtLeastOneItem() throws Exception {
    long mib = 1 << 20;
    for (int i = 0; i < 20; i++) {
      offer(queue, a, mib);
    }
    assertEquals(8, queue.take(64, 8 * mib, 0).size());
    FairQueue<Run> huge = new FairQueue<>(10, 10, Run::inputBytes);
    offer(huge, b, 20 * mib);
    assertEquals(1, huge.take(64, 8 * mib, 0).size());
  }

  @Test
  void anOrgsItemsCanBeTakenAloneAndAWaitingItemWithdrawn() {
    Run mine = new Run(a, UUID.randomUUID(), 1);
    Run withdrawn = new Run(b, UUID.randomUUID(), 1);
    queue.offer(a, mine);
    queue.offer(b, withdrawn);
    assertEquals(List.of(mine), queue.takeAll(a));
    assertTrue(queue.remove(b, withdrawn));
    assertFalse(queue.remove(b, withdrawn), "taken already");
    assertEquals(0, queue.size());
  }

  @Test
  void aPutBackItemIsKeptOverTheBounds() throws Exception {
    FairQueue<Run> full = new FairQueue<>(1, 1, Run::inputBytes);
    assertTrue(offer(full, a, 1));
    full.putBack(a, new Run(a, UUID.randomUUID(), 1));
    assertEquals(2, full.takeAll().size());
  }

  @Test
  void anEmptyQueueAnswersAnEmptyBatchAfterItsWait() throws Exception {
    assertEquals(List.of(), queue.take(64, Long.MAX_VALUE, 10));
    assertFalse(queue.await(10));
  }

  @Test
  void aWaitingTakeWakesOnTheFirstItem() throws Exception {
    CompletableFuture<List<Run>> taken =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return queue.take(64, Long.MAX_VALUE, 10_000);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(50);
    offer(queue, a, 1);
    assertEquals(1, taken.get(2, TimeUnit.SECONDS).size());
  }
}
