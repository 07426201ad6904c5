package tech.eclips.workforce.metrics.control;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One route template ({@code /v1/agents/runs/{id}}) and its request counters by HTTP method and
 * status, created on first use and then found by two array indexes: counting a request allocates
 * nothing.
 */
public final class Route {

  /** The request attribute (JAX-RS request property) that names a routed request's route. */
  public static final String ATTRIBUTE = "eclips.metrics.route";

  /** Requests answered before JAX-RS chose a resource method: no template, never the raw path. */
  static final String UNMATCHED = "unmatched";

  static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  private static final String OTHER = "other";
  private static final int FIRST_STATUS = 100;
  private static final int STATUSES = 500;

  private final String template;
  private final AtomicReferenceArray<AtomicReferenceArray<Tally>> byMethod =
      new AtomicReferenceArray<>(METHODS.length + 1);

  Route(String template) {
    this.template = template;
  }

  public String template() {
    return template;
  }

  /** The counter of a method and status; {@code create} makes it the first time. */
  Tally counter(String method, int status, Creator create) {
    int m = methodIndex(method);
    AtomicReferenceArray<Tally> row = byMethod.get(m);
    if (row == null) {
      byMethod.compareAndSet(m, null, new AtomicReferenceArray<>(STATUSES + 1));
      row = byMethod.get(m);
    }
    boolean known = status >= FIRST_STATUS && status < FIRST_STATUS + STATUSES;
    int s = known ? status - FIRST_STATUS : STATUSES;
    Tally counter = row.get(s);
    if (counter == null) {
      // A racing thread may create it too: Meters hands both the one tally of the series.
      counter =
          create.counter(
              template,
              m < METHODS.length ? METHODS[m] : OTHER,
              known ? Integer.toString(status) : OTHER);
      row.set(s, counter);
    }
    return counter;
  }

  /** Methods outside the known few share one label: a client cannot invent new series. */
  static int methodIndex(String method) {
    for (int i = 0; i < METHODS.length; i++) {
      if (METHODS[i].equals(method)) {
        return i;
      }
    }
    return METHODS.length;
  }

  /** Finds or registers the counter of a route, method and status. */
  @FunctionalInterface
  interface Creator {
    Tally counter(String route, String method, String status);
  }
}
