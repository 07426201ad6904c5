package tech.eclips.workforce.audit.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.QueuedAuditEvent;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.tenancy.entity.OrgId;

class AuditQueueTest {

  private static final AuditEvent LIMITED =
      new AuditEvent(
          ActorType.API_KEY,
          "k",
          "eck_live_…abcd",
          "GET /v1/me",
          "api",
          "/v1/me",
          AuditOutcome.DENIED,
          "rate_limited",
          "req_1",
          "127.0.0.1",
          null,
          1);

  /** Captures what would be written, instead of a database. */
  private static final class Recorder extends AuditBatches {
    final List<QueuedAuditEvent> written =
        java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void write(List<QueuedAuditEvent> batch) {
      written.addAll(batch);
    }
  }

  /** This test is about the queue, not about what it reports. */
  private static final class NoMeters extends tech.eclips.workforce.metrics.control.Meters {
    @Override
    public void auditFlushed(long nanos) {}
  }

  @Test
  void no429IsLostOrCountedTwiceWhileFlushesRunConcurrently() throws Exception {
    AuditQueue queue = new AuditQueue();
    Recorder recorder = new Recorder();
    queue.batches = recorder;
    queue.meters = new NoMeters();
    OrgId org = OrgId.random();
    int threads = 8;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      work.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                  queue.summarised(org, "k", LIMITED);
                }
                return null;
              }));
    }
    java.util.concurrent.atomic.AtomicBoolean writing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Future<?> flusher =
        pool.submit(
            () -> {
              start.await();
              while (writing.get()) {
                queue.flush();
              }
              return null;
            });
    start.countDown();
    for (Future<?> f : work) {
      f.get();
    }
    writing.set(false);
    flusher.get();
    queue.flush();
    pool.shutdown();
    long counted = recorder.written.stream().mapToLong(q -> q.event().occurrences()).sum();
    assertEquals((long) threads * perThread, counted);
  }

  @Test
  void anOrgsFlushWritesThatOrgsEntriesAndSummariesOnlyAndLeavesTheOthersQueued() {
    AuditQueue queue = new AuditQueue();
    Recorder recorder = new Recorder();
    queue.batches = recorder;
    queue.meters = new NoMeters();
    OrgId mine = OrgId.random();
    OrgId other = OrgId.random();
    queue.enqueue(mine, LIMITED);
    queue.enqueue(other, LIMITED);
    queue.enqueue(mine, LIMITED);
    queue.summarised(mine, "k", LIMITED);
    queue.summarised(mine, "k", LIMITED);
    queue.summarised(other, "k", LIMITED);

    queue.flush(mine);
    assertEquals(
        List.of(mine, mine, mine),
        recorder.written.stream().map(QueuedAuditEvent::org).toList(),
        "only the verifying org's entries, its two 429s summarised as one");
    assertEquals(2, recorder.written.get(2).event().occurrences());

    queue.flush();
    assertEquals(5, recorder.written.size());
    assertEquals(
        List.of(other, other),
        recorder.written.subList(3, 5).stream().map(QueuedAuditEvent::org).toList());
  }

  @Test
  void aQuietQueueIsWrittenAtOnce() {
    assertEquals(0, AuditQueue.lingerMillis(0, 50));
    assertEquals(0, AuditQueue.lingerMillis(1, 50));
  }

  @Test
  void theLingerGrowsWithTheLastBatchUpToTheSetting() {
    assertEquals(25, AuditQueue.lingerMillis(AuditQueue.LINGER_FULL_AT / 2, 50));
    assertEquals(50, AuditQueue.lingerMillis(AuditQueue.LINGER_FULL_AT, 50));
    assertEquals(50, AuditQueue.lingerMillis(2_000, 50));
    assertEquals(0, AuditQueue.lingerMillis(2_000, 0));
  }
}
