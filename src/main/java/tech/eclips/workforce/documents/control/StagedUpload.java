package tech.eclips.workforce.documents.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An upload's body on local disk, whole, counted, checked against its type and hashed, before any
 * database connection is taken. Closing it deletes the file.
 */
public final class StagedUpload implements AutoCloseable {

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

  InputStream open() throws IOException {
    return Files.newInputStream(file);
  }

  @Override
  public void close() {
    UploadStaging.deleteQuietly(file);
  }
}
