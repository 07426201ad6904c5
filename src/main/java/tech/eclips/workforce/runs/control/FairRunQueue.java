package tech.eclips.workforce.runs.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Runs waiting for execution, one queue per org, taken round-robin: a batch takes one run of each
 * org in turn, so one org's flood of runs delays its own backlog, never another org's single run.
 * Each org's queue is bounded ({@code maxPerOrg}); each batch is bounded in runs and in input bytes
 * (at least one run, however large).
 */
final class FairRunQueue {

  record Pending(OrgId org, UUID run, long inputBytes) {}

  private final int maxPerOrg;
  private final Map<OrgId, ArrayDeque<Pending>> queues = new HashMap<>();

  /** The orgs with queued runs, each once, in the order of their next turn. */
  private final ArrayDeque<OrgId> turns = new ArrayDeque<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();

  FairRunQueue(int maxPerOrg) {
    this.maxPerOrg = maxPerOrg;
  }

  /** False, queuing nothing, when the org's queue is full. */
  boolean offer(Pending pending) {
    lock.lock();
    try {
      ArrayDeque<Pending> queue = queues.computeIfAbsent(pending.org(), o -> new ArrayDeque<>());
      if (queue.size() >= maxPerOrg) {
        return false;
      }
      if (queue.isEmpty()) {
        turns.addLast(pending.org());
      }
      queue.addLast(pending);
      queued.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next batch, by org in the order taken; waits up to {@code waitMillis} for a first run and
   * answers an empty map if none came.
   */
  Map<OrgId, List<UUID>> take(int maxRuns, long maxInputBytes, long waitMillis)
      throws InterruptedException {
    lock.lock();
    try {
      long left = TimeUnit.MILLISECONDS.toNanos(waitMillis);
      while (turns.isEmpty()) {
        if (left <= 0) {
          return Map.of();
        }
        left = queued.awaitNanos(left);
      }
      return batch(maxRuns, maxInputBytes);
    } finally {
      lock.unlock();
    }
  }

  int queued(OrgId org) {
    lock.lock();
    try {
      ArrayDeque<Pending> queue = queues.get(org);
      return queue == null ? 0 : queue.size();
    } finally {
      lock.unlock();
    }
  }

  private Map<OrgId, List<UUID>> batch(int maxRuns, long maxInputBytes) {
    Map<OrgId, List<UUID>> batch = new LinkedHashMap<>();
    int runs = 0;
    long bytes = 0;
    while (runs < maxRuns && !turns.isEmpty()) {
      OrgId org = turns.pollFirst();
      ArrayDeque<Pending> queue = queues.get(org);
      Pending next = queue.peekFirst();
      if (runs > 0 && bytes + next.inputBytes() > maxInputBytes) {
        turns.addFirst(org); // its turn stays first for the next batch
        break;
      }
      queue.pollFirst();
      batch.computeIfAbsent(org, o -> new ArrayList<>()).add(next.run());
      runs++;
      bytes += next.inputBytes();
      if (queue.isEmpty()) {
        queues.remove(org);
      } else {
        turns.addLast(org);
      }
    }
    return batch;
  }
}
