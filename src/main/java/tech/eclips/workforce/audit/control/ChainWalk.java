package tech.eclips.workforce.audit.control;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tech.eclips.workforce.audit.entity.AuditEntry;

/**
 * Verifies an org's hash chain batch by batch, carrying the expected seq and previous hash from one
 * batch to the next, so a chain of any length is checked without holding more than one batch.
 */
public final class ChainWalk {

  /** Where retention cut the chain: entries up to {@code throughSeq} are gone, linked by hash. */
  public record Anchor(long throughSeq, byte[] hash) {}

  /** The outcome: intact, or the seq of the first entry that does not link. */
  public record ChainVerification(
      boolean valid, long entriesChecked, Long firstBrokenSeq, Long anchoredAfterSeq) {}

  private final Optional<Anchor> anchor;
  private long expectedSeq;
  private byte[] expectedPrev;
  private long checked;

  public ChainWalk(Optional<Anchor> anchor) {
    this(anchor, anchor);
  }

  private ChainWalk(Optional<Anchor> anchor, Optional<Anchor> start) {
    this.anchor = anchor;
    this.expectedSeq = start.map(a -> a.throughSeq() + 1).orElse(1L);
    this.expectedPrev = start.map(Anchor::hash).orElse(null);
  }

  /**
   * A walk that continues an earlier one after {@code seq}, whose entry that walk recomputed: the
   * next entry must link to its stored {@code hash}.
   */
  public static ChainWalk resuming(Optional<Anchor> anchor, long seq, byte[] hash) {
    return new ChainWalk(anchor, Optional.of(new Anchor(seq, hash)));
  }

  /** Entries checked so far. */
  public long checked() {
    return checked;
  }

  /** The seq the next batch must start with. */
  public long nextSeq() {
    return expectedSeq;
  }

  /** Checks the next batch; a broken link settles the walk. */
  public Optional<ChainVerification> check(List<AuditEntry> batch) {
    for (AuditEntry entry : batch) {
      byte[] recomputed =
          AuditChain.link(
              expectedPrev, entry.seq(), entry.occurredAt().toInstant(), AuditEvent.of(entry));
      boolean intact =
          entry.seq() == expectedSeq
              && Arrays.equals(entry.prevHash(), expectedPrev)
              && Arrays.equals(entry.hash(), recomputed);
      if (!intact) {
        return Optional.of(
            new ChainVerification(
                false, checked, expectedSeq, anchor.isEmpty() ? null : expectedSeq - 1));
      }
      checked++;
      expectedSeq++;
      expectedPrev = entry.hash();
    }
    return Optional.empty();
  }

  /** The verdict once the last batch came back short and nothing was broken. */
  public ChainVerification intact() {
    return new ChainVerification(true, checked, null, anchor.map(Anchor::throughSeq).orElse(null));
  }
}
