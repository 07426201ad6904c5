package tech.eclips.workforce.documents.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tech.eclips.workforce.documents.entity.Document;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.problems.control.Problems;

/**
 * The org's documents, in the caller's tenant-bound transaction. A mode ({@code livemode}) of null
 * means both modes (the console); otherwise a document of the other mode does not exist.
 */
@Dependent
public class Documents {

  private static final String NEWEST_FIRST = " ORDER BY d.createdAt DESC, d.id DESC";

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject DocumentStore store;
  @Inject DocumentPolicy policy;

  /**
   * Checks what the request line and headers can tell (400, 415, 413) before reading any byte, then
   * streams the body into the store while counting (413), checking (415) and hashing it.
   */
  public Document upload(
      String name, String contentType, String contentLength, boolean livemode, InputStream body) {
    String stored = storedName(name);
    DeclaredType type = policy.accept(contentType);
    policy.checkAnnouncedLength(contentLength);
    UUID id = UUID.randomUUID();
    MessageDigest sha256 = sha256();
    InputStream checked =
        new DigestInputStream(
            new CheckedContent(new LimitedInputStream(body, policy.maxBytes()), type), sha256);
    long size;
    try {
      size = store.write(id, checked);
    } catch (IOException e) {
      throw Problems.malformedBody("The request body could not be read to its end.");
    }
    Document document = new Document(id, stored, type.essence(), livemode, size, sha256.digest());
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

  /** From now on the document is 404 everywhere and its bytes are gone. */
  public void delete(Document document) {
    document.delete();
    store.delete(document.id());
  }

  private static String storedName(String requested) {
    if (requested == null || requested.isBlank()) {
      throw Problems.invalidRequest("name", "is required (the file's name, as a query parameter)");
    }
    if (requested.indexOf('\uFFFD') >= 0) {
      throw Problems.invalidRequest("name", "must be valid UTF-8");
    }
    return DocumentNames.sanitise(requested)
        .orElseThrow(
            () -> Problems.invalidRequest("name", "must contain a file name, not just a path"));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
