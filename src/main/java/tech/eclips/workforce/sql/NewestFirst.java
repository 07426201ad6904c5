package tech.eclips.workforce.sql;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * A page of an entity's rows, newest first ({@code createdAt}, then {@code id}), after a cursor
 * row: the keyset query of the console's plain lists (keys, webhook endpoints), which filter on
 * nothing but the tenant.
 */
public final class NewestFirst {

  private NewestFirst() {}

  /** At most {@code max} rows after the cursor's ({@code cursorAt}, {@code cursorId}), if any. */
  public static <T> List<T> after(
      EntityManager em, Class<T> entity, Instant cursorAt, UUID cursorId, int max) {
    boolean fromStart = cursorAt == null;
    TypedQuery<T> query =
        em.createQuery(
            "SELECT e FROM "
                + entity.getSimpleName()
                + " e"
                + (fromStart
                    ? ""
                    : " WHERE e.createdAt < :at OR (e.createdAt = :at AND e.id < :id)")
                + " ORDER BY e.createdAt DESC, e.id DESC",
            entity);
    if (!fromStart) {
      query.setParameter("at", cursorAt.atOffset(ZoneOffset.UTC)).setParameter("id", cursorId);
    }
    return query.setMaxResults(max).getResultList();
  }
}
