package tech.eclips.workforce.documents.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import tech.eclips.workforce.idempotency.control.RequestDigest;

/**
 * An upload's body on local disk, whole, counted, checked against its type and hashed, before any
 * database connection is taken. Closing it deletes the file.
 */
public final class StagedUpload implements AutoCloseable, RequestDigest {

  private final Path file;
  private final String name;
  private final DeclaredType type;
  private final long size;
  private final byte[] sha256;

  StagedUpload(Path file, String name, DeclaredType type, long size, byte[] sha256) {
    this.file = file;
    this.name = name;
    this.type = type;
    this.size = size;
    this.sha256 = sha256.clone();
  }

  public String name() {
    return name;
  }

  public DeclaredType type() {
    return type;
  }

  public long size() {
    return size;
  }

  public byte[] sha256() {
    return sha256.clone();
  }

  /**
   * What an Idempotency-Key matches an upload on, besides its path and name: the declared type and
   * the content's SHA-256, taken while it streamed in (the body itself is never kept for this).
   */
  @Override
  public byte[] requestDigest() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((type.essence() + "\n").getBytes(StandardCharsets.UTF_8));
      digest.update(sha256);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  InputStream open() throws IOException {
    return Files.newInputStream(file);
  }

  @Override
  public void close() {
    UploadStaging.deleteQuietly(file);
  }
}
