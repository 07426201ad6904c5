package tech.eclips.workforce.audit.boundary;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import tech.eclips.workforce.audit.control.AuditLog;
import tech.eclips.workforce.audit.control.ChainWalk;
import tech.eclips.workforce.audit.control.ChainWalk.Anchor;
import tech.eclips.workforce.audit.control.ChainWalk.ChainVerification;
import tech.eclips.workforce.audit.entity.AuditEntry;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Verifies an org's hash chain one bounded part per call (CONTRACT §10: verification of a long
 * chain pages): a batch at a time, each read in its own short transaction ({@link
 * AuditLogBatches}), until the chain ends, a link breaks or the part's entries are checked. A part
 * that starts after an entry links to that entry's stored hash, which the part before recomputed,
 * so the parts together check the whole chain.
 */
@Dependent
public class ChainParts {

  @Inject AuditLogBatches batches;

  /** What one call verified, and the seq to continue after ({@code null}: the walk is done). */
  record Part(ChainVerification result, Long next) {}

  /** At most {@code max} entries of the org's chain, after {@code after} if given. */
  Part verify(OrgId org, Optional<Long> after, int max) {
    ChainWalk walk = start(org, after);
    while (true) {
      int room = (int) Math.min(AuditLog.BATCH, max - walk.checked());
      List<AuditEntry> batch = batches.chainFrom(org, walk.nextSeq(), room);
      Optional<ChainVerification> broken = walk.check(batch);
      if (broken.isPresent()) {
        return new Part(broken.get(), null);
      }
      if (batch.size() < room) {
        return new Part(walk.intact(), null);
      }
      if (walk.checked() >= max) {
        return new Part(walk.intact(), walk.nextSeq() - 1);
      }
    }
  }

  /**
   * From the chain's start or its purge anchor; after {@code after_seq} when that entry still
   * exists (at or before the anchor, from the anchor).
   */
  private ChainWalk start(OrgId org, Optional<Long> after) {
    Optional<Anchor> anchor = batches.anchor(org);
    long anchoredThrough = anchor.map(Anchor::throughSeq).orElse(0L);
    if (after.isEmpty() || after.get() <= anchoredThrough) {
      return new ChainWalk(anchor);
    }
    byte[] hash =
        batches
            .hashAt(org, after.get())
            .orElseThrow(
                () -> Problems.invalidRequest("after_seq", "is not the seq of an entry of yours"));
    return ChainWalk.resuming(anchor, after.get(), hash);
  }
}
