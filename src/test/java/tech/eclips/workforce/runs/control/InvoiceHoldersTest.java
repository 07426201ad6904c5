package tech.eclips.workforce.runs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The duplicate-invoice check answered from what the execution batch read with the run. */
class InvoiceHoldersTest {

  private final UUID run = UUID.randomUUID();
  private final UUID earlier = UUID.randomUUID();
  private final UUID other = UUID.randomUUID();

  @Test
  void noEarlierHolderMeansNotSeenAndOneThatHasNotFailedMeansSeen() {
    assertEquals(
        Optional.of(false),
        InvoiceHolders.of(run, "ACME", "7", "").seenBefore("ACME", "7", run, Set.of()));
    assertEquals(
        Optional.of(true),
        InvoiceHolders.of(run, "ACME", "7", earlier + "," + other)
            .seenBefore("ACME", "7", run, Set.of(earlier)));
  }

  @Test
  void aHolderThatFailedInTheBatchNoLongerCounts() {
    assertEquals(
        Optional.of(false),
        InvoiceHolders.of(run, "ACME", "7", earlier.toString())
            .seenBefore("ACME", "7", run, Set.of(earlier)));
  }

  @Test
  void itCannotTellWhenEveryHolderReadFailedAndThereMayBeMore() {
    Set<UUID> failed =
        Stream.generate(UUID::randomUUID).limit(InvoiceHolders.LIMIT).collect(Collectors.toSet());
    String ids = failed.stream().map(UUID::toString).collect(Collectors.joining(","));
    assertEquals(
        Optional.empty(),
        InvoiceHolders.of(run, "ACME", "7", ids).seenBefore("ACME", "7", run, failed));
  }

  @Test
  void itAnswersOnlyForItsRunAndItsOwnInvoice() {
    InvoiceHolders holders = InvoiceHolders.of(run, "ACME", "7", earlier.toString());
    assertEquals(Optional.empty(), holders.seenBefore("ACME", "8", run, Set.of()));
    assertEquals(Optional.empty(), holders.seenBefore("Other", "7", run, Set.of()));
    assertEquals(Optional.empty(), holders.seenBefore("ACME", "7", other, Set.of()));
    assertNull(InvoiceHolders.of(run, null, "7", ""), "not an invoice with a vendor: not read");
    assertNull(InvoiceHolders.of(run, "ACME", "7", null));
  }
}
