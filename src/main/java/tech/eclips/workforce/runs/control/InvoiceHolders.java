package tech.eclips.workforce.runs.control;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The duplicate-invoice check of a run, read with the run when an execution batch locks it: the
 * other runs of its org that held the same vendor and invoice number before it and had not failed
 * ({@link #LIMIT} at most). Within the batch a run that fails meanwhile no longer counts, as the
 * check made on its own would see. Answers only for the run it was read for and its own vendor and
 * number; empty when it cannot tell (another question, or every holder read has failed and there
 * may be more), and the caller then asks the database.
 */
public record InvoiceHolders(UUID run, String vendor, String number, List<UUID> others) {

  /** How many holders a batch reads per run: one that has not failed is enough. */
  public static final int LIMIT = 4;

  /**
   * What {@code ids} (comma-separated, as the batch's statement gives them) says; null: not read.
   */
  public static InvoiceHolders of(UUID run, String vendor, String number, String ids) {
    if (ids == null || vendor == null || number == null) {
      return null;
    }
    List<UUID> others =
        ids.isEmpty() ? List.of() : Arrays.stream(ids.split(",")).map(UUID::fromString).toList();
    return new InvoiceHolders(run, vendor, number, others);
  }

  public Optional<Boolean> seenBefore(
      String vendor, String number, UUID exceptRun, Set<UUID> failedInBatch) {
    if (!run.equals(exceptRun) || !this.vendor.equals(vendor) || !this.number.equals(number)) {
      return Optional.empty();
    }
    if (others.stream().anyMatch(other -> !failedInBatch.contains(other))) {
      return Optional.of(true);
    }
    return others.size() < LIMIT ? Optional.of(false) : Optional.empty();
  }
}
