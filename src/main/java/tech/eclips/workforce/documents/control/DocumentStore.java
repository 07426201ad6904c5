package tech.eclips.workforce.documents.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Where documents' bytes live, apart from their metadata. PostgreSQL under RLS today ({@link
 * PostgresDocumentStore}); the interface is what an S3-compatible store would implement. Every
 * method but the download's writer works in the caller's transaction, bound to the caller's org.
 */
public interface DocumentStore {

  /**
   * Stores a new document's bytes as they stream in; returns how many there were. Nothing of the
   * stream is held whole.
   */
  long write(UUID document, InputStream content) throws IOException;

  /** The document's bytes, read piece by piece in the caller's transaction. */
  InputStream read(UUID document);

  /**
   * Prepares a download of {@code size} bytes in the caller's transaction; the writer it returns
   * runs after that transaction has ended, binds its own reads to {@code org}, and fails (so the
   * client sees a broken response, never a short one) if the bytes vanish meanwhile.
   */
  Download download(OrgId org, UUID document, long size);

  /** Forgets a document's bytes. */
  void delete(UUID document);

  /** A response body written after the request's transaction. */
  @FunctionalInterface
  interface Download {
    void writeTo(OutputStream out) throws IOException;
  }
}
