package tech.eclips.workforce.transactions;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.problems.control.RedactedFailure;

/**
 * The workers of a group commit: managed threads of their own (never the shared executor's), each
 * repeating one {@link Round} (wait in a {@link FairQueue} for a batch, at most {@link
 * #IDLE_WAIT_MILLIS}, and write it in one transaction, a boundary's). A failed round is logged and
 * the worker pauses before the next. {@link #stop} lets every worker finish its round (bounded by a
 * timeout), then runs {@code drain} on the stopping thread, so nothing queued is left behind on an
 * orderly stop.
 */
public final class GroupCommit {

  private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());

  /** How long a round waits for a first item before its worker looks at {@link #running} again. */
  public static final long IDLE_WAIT_MILLIS = 200;

  /** One batch: blocks up to {@code waitMillis} for work, then writes what it took. */
  @FunctionalInterface
  public interface Round {
    void run(long waitMillis) throws InterruptedException;
  }

  private final String name;
  private final Duration pauseAfterFailure;
  private final Round round;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean running;

  public GroupCommit(String name, Duration pauseAfterFailure, Round round) {
    this.name = name;
    this.pauseAfterFailure = pauseAfterFailure;
    this.round = round;
  }

  public synchronized void start(ManagedThreadFactory threads, int count) {
    running = true;
    for (int i = 0; i < count; i++) {
      Thread worker = threads.newThread(this::work);
      worker.setName("eclips-" + name + "-" + i);
      workers.add(worker);
      worker.start();
    }
  }

  public boolean running() {
    return running;
  }

  /** No round starts after this; waits up to {@code timeout} for the running ones, then drains. */
  public synchronized void stop(Duration timeout, Runnable drain) {
    running = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Thread worker : workers) {
        worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      workers.clear();
    }
    try {
      drain.run();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, name + ": draining on stop failed", RedactedFailure.of(e));
    }
  }

  private void work() {
    while (running) {
      try {
        round.run(IDLE_WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, name + " batch failed; continuing", RedactedFailure.of(e));
        try {
          Thread.sleep(pauseAfterFailure.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
