package tech.eclips.workforce.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

  @Test
  void anIdIsVersionSevenWithItsMillisecondsFirstAndTheRandomBitsKept() {
    UUID random = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");
    UUID id = TimeOrderedIds.at(0x0193_7A2B_1C4DL, random);
    assertEquals("01937a2b-1c4d-7372-a567-0e02b2c3d479", id.toString());
    assertEquals(7, id.version());
    assertEquals(2, id.variant());
  }

  @Test
  void laterIdsSortAfterEarlierOnesAsPostgresqlComparesThem() {
    UUID earlier = TimeOrderedIds.at(1_765_000_000_000L, UUID.randomUUID());
    UUID later = TimeOrderedIds.at(1_765_000_000_001L, UUID.randomUUID());
    // PostgreSQL orders uuid values by their bytes, unsigned: the order of their text
    assertTrue(earlier.toString().compareTo(later.toString()) < 0);
  }

  @Test
  void idsOfTheSameMillisecondDiffer() {
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      UUID id = TimeOrderedIds.next();
      assertEquals(7, id.version());
      ids.add(id);
    }
    assertEquals(10_000, ids.size());
  }
}
