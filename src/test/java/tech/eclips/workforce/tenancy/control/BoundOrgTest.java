package tech.eclips.workforce.tenancy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.tenancy.entity.OrgId;

/** Native SQL never runs for "whichever org": no bound org, no statement. */
class BoundOrgTest {

  /** One transaction's resources, or none (active = false). */
  static final class Transaction implements TransactionSynchronizationRegistry {
    final Map<Object, Object> resources = new HashMap<>();
    boolean active = true;

    private void requireActive() {
      if (!active) {
        throw new IllegalStateException("no transaction");
      }
    }

    @Override
    public Object getTransactionKey() {
      return active ? this : null;
    }

    @Override
    public void putResource(Object key, Object value) {
      requireActive();
      resources.put(key, value);
    }

    @Override
    public Object getResource(Object key) {
      requireActive();
      return resources.get(key);
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {}

    @Override
    public int getTransactionStatus() {
      return 0;
    }

    @Override
    public void setRollbackOnly() {}

    @Override
    public boolean getRollbackOnly() {
      return false;
    }
  }

  private static BoundOrg in(Transaction transaction) {
    BoundOrg bound = new BoundOrg();
    bound.transactions = transaction;
    return bound;
  }

  @Test
  void aTransactionBoundToNoOrgHasNone() {
    assertThrows(IllegalStateException.class, () -> in(new Transaction()).id());
  }

  @Test
  void outsideATransactionThereIsNone() {
    Transaction none = new Transaction();
    none.active = false;
    assertThrows(IllegalStateException.class, () -> in(none).org());
  }

  @Test
  void aRebindMovesTheTransactionToTheNextOrg() {
    Transaction batch = new Transaction();
    OrgId first = OrgId.random();
    OrgId next = OrgId.random();
    in(batch).bind(first);
    assertEquals(first, in(batch).org());
    in(batch).bind(next);
    assertEquals(next.value(), in(batch).id());
  }
}
