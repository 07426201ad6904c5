package tech.eclips.workforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.AttributeConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.ActorTypeConverter;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.audit.entity.AuditOutcomeConverter;
import tech.eclips.workforce.breakers.entity.CircuitState;
import tech.eclips.workforce.breakers.entity.CircuitStateConverter;
import tech.eclips.workforce.credits.entity.LedgerEntryType;
import tech.eclips.workforce.credits.entity.LedgerEntryTypeConverter;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.events.entity.EventTypeConverter;
import tech.eclips.workforce.json.Coded;
import tech.eclips.workforce.runs.entity.RunStatus;
import tech.eclips.workforce.runs.entity.RunStatusConverter;
import tech.eclips.workforce.triage.entity.TriageStatus;
import tech.eclips.workforce.triage.entity.TriageStatusConverter;

/**
 * A closed set stored as text has exactly the codes its column's CHECK constraint admits (db-
 * migrations), the same the OpenAPI document lists where it lists them, and its converter stores
 * each member as its code and reads it back.
 */
class ClosedSetsTest {

  static Stream<Arguments> sets() {
    return Stream.of(
        Arguments.of(RunStatus.values(), new RunStatusConverter(), true),
        Arguments.of(TriageStatus.values(), new TriageStatusConverter(), true),
        Arguments.of(CircuitState.values(), new CircuitStateConverter(), true),
        Arguments.of(LedgerEntryType.values(), new LedgerEntryTypeConverter(), false),
        Arguments.of(ActorType.values(), new ActorTypeConverter(), false),
        Arguments.of(AuditOutcome.values(), new AuditOutcomeConverter(), false),
        Arguments.of(EventType.values(), new EventTypeConverter(), true));
  }

  @ParameterizedTest
  @MethodSource("sets")
  <E extends Coded> void codesAreTheDatabasesAndTheDocuments(
      E[] members, AttributeConverter<E, String> converter, boolean onTheWire) throws IOException {
    Set<String> codes = Arrays.stream(members).map(Coded::code).collect(Collectors.toSet());
    assertTrue(
        migrations().stream().anyMatch(file -> lists(file, "IN \\(('[^)]*)\\)").contains(codes)),
        codes + " is a CHECK constraint's list");
    if (onTheWire) {
      assertTrue(
          lists(Path.of("src/main/resources/META-INF/openapi.yaml"), "enum: \\[([^\\]]*)\\]")
              .contains(codes),
          codes + " is an enum of the OpenAPI document");
    }
    for (E member : members) {
      String stored = converter.convertToDatabaseColumn(member);
      assertEquals(member.code(), stored);
      assertEquals(member, converter.convertToEntityAttribute(stored));
    }
  }

  /** The versioned migrations: V1 made most tables, later ones (V27: events) the rest. */
  private static List<Path> migrations() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("db-migrations"))) {
      return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).toList();
    }
  }

  private static List<Set<String>> lists(Path file, String regex) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Matcher m = Pattern.compile(regex).matcher(text);
    List<Set<String>> lists = new java.util.ArrayList<>();
    while (m.find()) {
      Set<String> values = new HashSet<>();
      for (String value : m.group(1).split(",")) {
        values.add(value.trim().replace("'", ""));
      }
      lists.add(values);
    }
    return lists;
  }
}
