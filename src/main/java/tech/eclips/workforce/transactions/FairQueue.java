package tech.eclips.workforce.transactions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * What waits for a group commit, one queue per org, taken round-robin: a batch takes one item of
 * each org in turn, so one org's flood delays its own backlog, never another org's single item.
 * Bounded per org and in all; a batch is bounded in items and in weight (at least one item, however
 * heavy). An org's items keep their order. {@link #take} is the blocking poll and drain a worker
 * waits in.
 */
public final class FairQueue<T> {

  private final int maxPerOrg;
  private final int maxTotal;
  private final ToLongFunction<T> weight;
  private final Map<OrgId, ArrayDeque<T>> queues = new HashMap<>();

  /** The orgs with waiting items, each once, in the order of their next turn. */
  private final ArrayDeque<OrgId> turns = new ArrayDeque<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition offered = lock.newCondition();
  private int size;

  public FairQueue(int maxPerOrg, int maxTotal, ToLongFunction<T> weight) {
    this.maxPerOrg = maxPerOrg;
    this.maxTotal = maxTotal;
    this.weight = weight;
  }

  /** False, queuing nothing, when the org's queue or the whole queue is full. */
  public boolean offer(OrgId org, T item) {
    return add(org, item, true);
  }

  /** Back in the queue, over its bounds if need be: what a failed write had taken. */
  public void putBack(OrgId org, T item) {
    add(org, item, false);
  }

  private boolean add(OrgId org, T item, boolean bounded) {
    lock.lock();
    try {
      ArrayDeque<T> queue = queues.computeIfAbsent(org, o -> new ArrayDeque<>());
      if (bounded && (queue.size() >= maxPerOrg || size >= maxTotal)) {
        if (queue.isEmpty()) {
          queues.remove(org);
        }
        return false;
      }
      if (queue.isEmpty()) {
        turns.addLast(org);
      }
      queue.addLast(item);
      size++;
      offered.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next batch, orgs in turn; waits up to {@code waitMillis} for a first item and answers an
   * empty list if none came.
   */
  public List<T> take(int maxItems, long maxWeight, long waitMillis) throws InterruptedException {
    lock.lock();
    try {
      long left = TimeUnit.MILLISECONDS.toNanos(waitMillis);
      while (turns.isEmpty()) {
        if (left <= 0) {
          return List.of();
        }
        left = offered.awaitNanos(left);
      }
      return batch(maxItems, maxWeight);
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code waitMillis} for an item (taking none); whether one is waiting. */
  public boolean await(long waitMillis) throws InterruptedException {
    lock.lock();
    try {
      long left = TimeUnit.MILLISECONDS.toNanos(waitMillis);
      while (turns.isEmpty() && left > 0) {
        left = offered.awaitNanos(left);
      }
      return !turns.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Everything one org has waiting, in its order; the other orgs' items stay. */
  public List<T> takeAll(OrgId org) {
    lock.lock();
    try {
      ArrayDeque<T> queue = queues.remove(org);
      if (queue == null) {
        return List.of();
      }
      turns.remove(org);
      size -= queue.size();
      return new ArrayList<>(queue);
    } finally {
      lock.unlock();
    }
  }

  /** Everything waiting, orgs in turn. */
  public List<T> takeAll() {
    lock.lock();
    try {
      return batch(Integer.MAX_VALUE, Long.MAX_VALUE);
    } finally {
      lock.unlock();
    }
  }

  /** Whether the item still waited (and so was taken back by its owner). */
  public boolean remove(OrgId org, T item) {
    lock.lock();
    try {
      ArrayDeque<T> queue = queues.get(org);
      if (queue == null || !queue.remove(item)) {
        return false;
      }
      size--;
      if (queue.isEmpty()) {
        queues.remove(org);
        turns.remove(org);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  public int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  public int size(OrgId org) {
    lock.lock();
    try {
      ArrayDeque<T> queue = queues.get(org);
      return queue == null ? 0 : queue.size();
    } finally {
      lock.unlock();
    }
  }

  private List<T> batch(int maxItems, long maxWeight) {
    List<T> batch = new ArrayList<>(Math.min(maxItems, size));
    long weighed = 0;
    while (batch.size() < maxItems && !turns.isEmpty()) {
      OrgId org = turns.pollFirst();
      ArrayDeque<T> queue = queues.get(org);
      T next = queue.peekFirst();
      long itsWeight = weight.applyAsLong(next);
      if (!batch.isEmpty() && weighed + itsWeight > maxWeight) {
        turns.addFirst(org); // its turn stays first for the next batch
        break;
      }
      batch.add(queue.pollFirst());
      size--;
      weighed += itsWeight;
      if (queue.isEmpty()) {
        queues.remove(org);
      } else {
        turns.addLast(org);
      }
    }
    return batch;
  }
}
