package tech.eclips.workforce.tools.noisy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the server answered each attack pattern: outcome counts per pattern, and the answers that
 * break CONTRACT §10 whoever the client is (a 5xx other than a {@code 503} with {@code
 * Retry-After}: the server's own capacity or an open breaker may answer 503, nothing may answer
 * 500).
 */
final class Tally {

  private final Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
  private final List<String> contractBreaches = new ArrayList<>();

  void count(String pattern, String outcome) {
    count(pattern, outcome, 1);
  }

  synchronized void count(String pattern, String outcome, int times) {
    outcomes.computeIfAbsent(pattern, p -> new TreeMap<>()).merge(outcome, times, Integer::sum);
  }

  /** Counts an answer to an attack request; answers of no-one (the crew stopping) are not. */
  void count(String pattern, Answer answer) {
    if ("interrupted".equals(answer.failure())) {
      return;
    }
    count(pattern, answer.outcome());
    boolean allowed503 = answer.status() == 503 && answer.retryAfter() != null;
    if (answer.status() >= 500 && !allowed503) {
      synchronized (this) {
        if (contractBreaches.size() < 50) {
          contractBreaches.add(pattern + " -> " + answer.outcome());
        }
      }
    }
  }

  synchronized Map<String, Map<String, Integer>> outcomes() {
    Map<String, Map<String, Integer>> copy = new TreeMap<>();
    outcomes.forEach((pattern, counts) -> copy.put(pattern, new TreeMap<>(counts)));
    return copy;
  }

  synchronized List<String> contractBreaches() {
    return Collections.unmodifiableList(new ArrayList<>(contractBreaches));
  }
}
