package tech.eclips.workforce.tools.noisy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Threads that loop until told to stop. {@link #close} stops them: a victim's crew is given time to
 * finish the request in flight (a starved request must be measured, not cut off); an attacker's is
 * interrupted at once. Either way no thread outlives the experiment by more than the join timeout.
 */
final class Crew implements AutoCloseable {

  /** One turn of a loop; returns how long to pause before the next. */
  interface Turn {
    Duration take() throws Exception;
  }

  private final String name;
  private final boolean interruptOnClose;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Runnable> closers = new ArrayList<>();
  private volatile boolean running = true;

  Crew(String name, boolean interruptOnClose) {
    this.name = name;
    this.interruptOnClose = interruptOnClose;
  }

  boolean running() {
    return running;
  }

  void loop(String what, Turn turn) {
    Thread thread =
        new Thread(
            () -> {
              while (running) {
                try {
                  pause(turn.take());
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  if (running) {
                    System.out.println("noisy-neighbour: " + name + " " + what + ": " + e);
                  }
                  try {
                    pause(Duration.ofMillis(500));
                  } catch (InterruptedException stopped) {
                    return;
                  }
                }
              }
            },
            name + "-" + what);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  /** Runs once every thread has stopped (closing what the threads held). */
  void onClose(Runnable closer) {
    closers.add(closer);
  }

  private void pause(Duration pause) throws InterruptedException {
    long until = System.nanoTime() + pause.toNanos();
    while (running && System.nanoTime() < until) {
      Thread.sleep(Math.max(1, Math.min(100, (until - System.nanoTime()) / 1_000_000)));
    }
  }

  @Override
  public void close() {
    running = false;
    if (interruptOnClose) {
      threads.forEach(Thread::interrupt);
    }
    long deadline = System.nanoTime() + Client.TIMEOUT.plusSeconds(5).toNanos();
    try {
      for (Thread thread : threads) {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        if (thread.isAlive()) {
          System.out.println("noisy-neighbour: " + thread.getName() + " did not stop in time");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closers.forEach(Runnable::run);
    }
  }
}
