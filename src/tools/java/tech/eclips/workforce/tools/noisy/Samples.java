package tech.eclips.workforce.tools.noisy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The victim's requests in one phase: what each was, what it should answer, what it answered. */
final class Samples {

  record Sample(String request, int expected, Answer answer) {

    boolean unexpected() {
      return answer.status() != expected;
    }

    @Override
    public String toString() {
      return request
          + " -> "
          + answer.outcome()
          + String.format(java.util.Locale.ROOT, " after %.0f ms", answer.millis());
    }
  }

  private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());

  void add(String request, int expected, Answer answer) {
    samples.add(new Sample(request, expected, answer));
  }

  List<Sample> all() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /** The nearest-rank percentile of the requests' latencies, in ms (0 when there are none). */
  static double percentile(List<Sample> samples, double quantile) {
    if (samples.isEmpty()) {
      return 0;
    }
    double[] millis = samples.stream().mapToDouble(s -> s.answer().millis()).sorted().toArray();
    int rank = (int) Math.ceil(quantile * millis.length);
    return millis[Math.max(0, Math.min(millis.length - 1, rank - 1))];
  }
}
