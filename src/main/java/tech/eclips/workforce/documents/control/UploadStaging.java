package tech.eclips.workforce.documents.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.problems.control.RedactedFailure;

/**
 * Receives an upload's body into a temporary file while the client sends it, so that a slow client
 * holds no database connection (CONTRACT §11): only the short transaction that stores a complete,
 * checked file takes one. The file is counted (413), checked against its type (415) and hashed on
 * the way, and deleted when the request ends, whatever happened. The directory is {@code
 * eclips.documents.staging-dir} (default: {@code eclips-uploads} in the server's temporary
 * directory); disk use is bounded by the uploads bulkhead (concurrent uploads × the size limit).
 */
@ApplicationScoped
public class UploadStaging {

  /**
   * Left-overs of a crash are deleted at start; a file written to within this time may belong to a
   * live upload of another server sharing the directory, whose reads time out well before this.
   */
  static final Duration ABANDONED = Duration.ofMinutes(10);

  private static final String PREFIX = "upload-";
  private static final Logger LOG = Logger.getLogger(UploadStaging.class.getName());

  @Inject
  @ConfigProperty(name = "eclips.documents.staging-dir")
  Optional<String> configuredDirectory;

  @Inject DocumentPolicy policy;

  void cleanAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    deleteAbandoned(directory(), Instant.now().minus(ABANDONED));
  }

  /**
   * Checks what the headers tell (400, 415, 413) before reading a byte, then receives the body. The
   * caller closes the result (which deletes the file).
   */
  public StagedUpload stage(
      String name, String contentType, String contentLength, InputStream body) {
    String stored = DocumentNames.stored(name);
    DeclaredType type = policy.accept(contentType);
    policy.checkAnnouncedLength(contentLength);
    Path file = createFile();
    try {
      MessageDigest sha256 = sha256();
      long size = receive(body, type, sha256, file);
      return new StagedUpload(file, stored, type, size, sha256.digest());
    } catch (RuntimeException e) {
      deleteQuietly(file);
      throw e;
    } catch (IOException e) {
      deleteQuietly(file);
      throw Problems.malformedBody("The request body could not be read to its end.");
    }
  }

  private long receive(InputStream body, DeclaredType type, MessageDigest sha256, Path file)
      throws IOException {
    InputStream checked =
        new DigestInputStream(
            new CheckedContent(new LimitedInputStream(body, policy.maxBytes()), type), sha256);
    // unbuffered: each piece the client sends is written at once, so a live upload's file is
    // always recent (see ABANDONED)
    try (OutputStream out = Files.newOutputStream(file)) {
      return checked.transferTo(out);
    }
  }

  private Path createFile() {
    try {
      Path directory = Files.createDirectories(directory());
      return Files.createTempFile(directory, PREFIX, ".part");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage an upload", e);
    }
  }

  Path directory() {
    return configuredDirectory
        .filter(d -> !d.isBlank())
        .map(Path::of)
        .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "eclips-uploads"));
  }

  static void deleteAbandoned(Path directory, Instant before) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      files
          .filter(f -> f.getFileName().toString().startsWith(PREFIX))
          .filter(f -> modifiedBefore(f, before))
          .forEach(UploadStaging::deleteQuietly);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not clean the upload staging directory", RedactedFailure.of(e));
    }
  }

  private static boolean modifiedBefore(Path file, Instant before) {
    try {
      return Files.getLastModifiedTime(file).compareTo(FileTime.from(before)) < 0;
    } catch (IOException e) {
      return false;
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete a staged upload", RedactedFailure.of(e));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
