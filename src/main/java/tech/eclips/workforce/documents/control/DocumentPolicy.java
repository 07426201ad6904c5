package tech.eclips.workforce.documents.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.problems.control.Problems;

/**
 * What an upload may be (CONTRACT §6): its size ({@code eclips.documents.max-bytes}, default 10
 * MiB) and its type ({@code eclips.documents.allowed-types}). Both are checked from the headers
 * before any byte of the body is read.
 */
@ApplicationScoped
public class DocumentPolicy {

  public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

  @Inject
  @ConfigProperty(name = "eclips.documents.max-bytes", defaultValue = "" + DEFAULT_MAX_BYTES)
  long maxBytes;

  @Inject
  @ConfigProperty(
      name = "eclips.documents.allowed-types",
      defaultValue = "application/json,application/pdf,image/png,image/jpeg,text/plain")
  List<String> allowedTypes;

  private Set<String> allowed;

  @PostConstruct
  void normalise() {
    allowed =
        allowedTypes.stream()
            .map(t -> t.strip().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** The declared type if it is allowed; 415 if it is absent, malformed or not allowed. */
  public DeclaredType accept(String contentType) {
    return DeclaredType.parse(contentType)
        .filter(t -> allowed.contains(t.essence()))
        .orElseThrow(
            () ->
                Problems.unsupportedMediaType(
                    "Documents may be of these types: "
                        + String.join(", ", allowed.stream().sorted().toList())
                        + " (text as UTF-8)."));
  }

  /** 413 at once when the client announces more than the limit; the body is never read. */
  public void checkAnnouncedLength(String contentLength) {
    long announced;
    try {
      announced = contentLength == null ? -1 : Long.parseLong(contentLength.strip());
    } catch (NumberFormatException e) {
      return;
    }
    if (announced > maxBytes) {
      throw Problems.payloadTooLargeUnread(maxBytes);
    }
  }
}
