package tech.eclips.workforce.documents.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tech.eclips.workforce.documents.entity.Document;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * The org's documents, in the caller's tenant-bound transaction. A mode ({@code livemode}) of null
 * means both modes (the console); otherwise a document of the other mode does not exist.
 */
@Dependent
public class Documents {

  private static final String NEWEST_FIRST = " ORDER BY d.createdAt DESC, d.id DESC";

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  @Inject DocumentStore store;

  /**
   * Stores a staged upload (complete and checked already) with its row: the short transaction of an
   * upload, which never waits for the client.
   */
  public Document create(StagedUpload staged, boolean livemode) {
    UUID id = UUID.randomUUID();
    long size;
    try (InputStream content = staged.open()) {
      size = store.write(id, content);
    } catch (IOException e) {
      throw new UncheckedIOException("a staged upload could not be read back", e);
    }
    if (size != staged.size()) {
      throw new IllegalStateException("a staged upload changed on disk");
    }
    Document document =
        new Document(id, staged.name(), staged.type().essence(), livemode, size, staged.sha256());
    em.persist(document);
    return document;
  }

  /** A document that is not deleted, of this mode (or either, if null). */
  public Optional<Document> find(String id, Boolean livemode) {
    return Ids.uuid(id)
        .map(uuid -> em.find(Document.class, uuid))
        .filter(d -> !d.deleted() && (livemode == null || d.livemode() == livemode));
  }

  /** The cursor document of a list, in this mode (or either, if null); null without a cursor. */
  public Document cursor(String startingAfter, Boolean livemode) {
    if (startingAfter == null) {
      return null;
    }
    return Ids.uuid(startingAfter)
        .map(uuid -> em.find(Document.class, uuid))
        .filter(d -> livemode == null || d.livemode() == livemode)
        .orElseThrow(() -> Problems.invalidRequest("starting_after", "is not a document of yours"));
  }

  /** Newest first, {@code max} at most, after the cursor document if there is one. */
  public List<Document> page(Boolean livemode, Document cursor, int max) {
    String mode = livemode == null ? "" : " AND d.livemode = :live";
    String after =
        cursor == null ? "" : " AND (d.createdAt < :at OR (d.createdAt = :at AND d.id < :id))";
    TypedQuery<Document> query =
        em.createQuery(
            "SELECT d FROM Document d WHERE d.deletedAt IS NULL" + mode + after + NEWEST_FIRST,
            Document.class);
    if (livemode != null) {
      query.setParameter("live", livemode);
    }
    if (cursor != null) {
      query.setParameter("at", cursor.createdAt()).setParameter("id", cursor.id());
    }
    return query.setMaxResults(max).getResultList();
  }

  /**
   * From now on the document is 404 everywhere and its bytes are gone, and so are the copies runs
   * took of it: in the same transaction each run that named it keeps only its reference ({@link
   * DocumentReference}), and so does the stored first response that an Idempotency-Key would
   * replay. What the agents derived (outputs) stays; docs/security.md, "Scopes across resources".
   */
  public void delete(Document document) {
    document.delete();
    store.delete(document.id());
    forgetCopies(document.id());
  }

  private void forgetCopies(UUID document) {
    em.createNativeQuery(
            "UPDATE agent_runs SET input = "
                + DocumentReference.OF_DELETED_RUN
                + " WHERE org_id = ?2 AND document_id = ?1")
        .setParameter(1, document)
        .setParameter(2, boundOrg.id())
        .executeUpdate();
    // the replayed 202 is the run as accepted (JSON text, V5): its input becomes the run's
    em.createNativeQuery(
            "UPDATE idempotency_keys k SET response_body ="
                + " CAST(jsonb_set(CAST(k.response_body AS jsonb), '{input}', r.input) AS text)"
                + " FROM agent_runs r WHERE k.org_id = ?2 AND r.org_id = ?2"
                + " AND r.document_id = ?1 AND k.resource_id = r.id AND k.response_body IS NOT NULL")
        .setParameter(1, document)
        .setParameter(2, boundOrg.id())
        .executeUpdate();
  }
}
