package tech.eclips.workforce.documents.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Documents' bytes in PostgreSQL, under the same RLS as everything else: chunks of {@value
 * #CHUNK_BYTES} bytes, numbered from 0. An upload inserts each chunk as soon as it is full; a
 * download reads one chunk per short transaction.
 */
@ApplicationScoped
public class PostgresDocumentStore implements DocumentStore {

  static final int CHUNK_BYTES = 256 * 1024;

  @Inject DocumentChunks chunks;

  @Override
  public long write(UUID document, InputStream content) throws IOException {
    byte[] buffer = new byte[CHUNK_BYTES];
    long size = 0;
    int seq = 0;
    int n;
    while ((n = content.readNBytes(buffer, 0, CHUNK_BYTES)) > 0) {
      chunks.insert(document, seq++, n == CHUNK_BYTES ? buffer : Arrays.copyOf(buffer, n));
      size += n;
    }
    return size;
  }

  @Override
  public InputStream read(UUID document) {
    return new ChunkStream(seq -> chunks.read(document, seq));
  }

  @Override
  public Download download(OrgId org, UUID document, long size) {
    // The first chunk is read in the request's transaction, with the document's row.
    Optional<byte[]> first = chunks.read(document, 0);
    return out -> {
      long written = 0;
      byte[] chunk = first.orElse(null);
      for (int seq = 1; chunk != null; seq++) {
        out.write(chunk);
        written += chunk.length;
        chunk = written < size ? chunks.readAlone(org, document, seq).orElse(null) : null;
      }
      if (written != size) {
        throw new IOException("document " + document + " was deleted during its download");
      }
    };
  }

  @Override
  public void delete(UUID document) {
    chunks.delete(document);
  }
}
