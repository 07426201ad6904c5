package tech.eclips.workforce.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.events.control.EventObjects;
import tech.eclips.workforce.events.entity.EventType;

/**
 * The event-matched reference is the reference and nothing more than the event a finished run
 * records (CONTRACT §12), with the type and the fields the run workers write.
 */
class BenchmarkReferenceTest {

  private static final String EVENT_INSERT =
      Benchmark.PGBENCH_SCRIPT_WITH_EVENT.substring(
          Benchmark.PGBENCH_SCRIPT.lastIndexOf("COMMIT;"),
          Benchmark.PGBENCH_SCRIPT_WITH_EVENT.lastIndexOf("COMMIT;"));

  @Test
  void itIsTheReferenceWithOneInsertIntoEventsBeforeItsLastCommit() {
    String reference = Benchmark.PGBENCH_SCRIPT;
    String withEvent = Benchmark.PGBENCH_SCRIPT_WITH_EVENT;
    int lastCommit = reference.lastIndexOf("COMMIT;");
    assertEquals(reference.substring(0, lastCommit), withEvent.substring(0, lastCommit));
    assertEquals(
        reference.substring(lastCommit), withEvent.substring(withEvent.lastIndexOf("COMMIT;")));
    assertTrue(EVENT_INSERT.strip().startsWith("INSERT INTO events "), EVENT_INSERT);
    assertEquals(1, EVENT_INSERT.split(";", -1).length - 1, "one statement: " + EVENT_INSERT);
  }

  @Test
  void itsEventHasTheTypeAndTheFieldsOfAFinishedRunsEvent() {
    assertTrue(
        EVENT_INSERT.contains("'" + EventType.AGENT_RUN_SUCCEEDED.code() + "'"), EVENT_INSERT);
    Set<String> written = new TreeSet<>();
    Matcher key =
        Pattern.compile("'([a-z_]+)',\\s*(?:'[^']*'|null|true|false|[0-9]+)")
            .matcher(EVENT_INSERT.substring(EVENT_INSERT.indexOf("jsonb_build_object(")));
    while (key.find()) {
      written.add(key.group(1));
    }
    Set<String> runWorkers =
        new TreeSet<>(
            EventObjects.run(
                    UUID.randomUUID(), "invoice_processor", "succeeded", true, 10L, null, null)
                .keySet());
    assertEquals(runWorkers, written);
  }
}
