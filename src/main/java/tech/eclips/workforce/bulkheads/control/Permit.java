package tech.eclips.workforce.bulkheads.control;

import java.util.concurrent.atomic.AtomicBoolean;

/** One unit of a bulkhead in use; {@link #close} gives it back exactly once. */
public final class Permit implements AutoCloseable {

  private final Runnable release;
  private final AtomicBoolean released = new AtomicBoolean();

  Permit(Runnable release) {
    this.release = release;
  }

  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      release.run();
    }
  }
}
