package tech.eclips.workforce.json;

import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.ProblemType;

/** Request bodies have a size limit; above it the answer is 413, before any work. */
public final class Bodies {

  /**
   * 1 MiB, as CONTRACT §10 says. The servlet filter limits.boundary.RequestBounds already refuses
   * bodies over 1 MiB of bytes before they are read; a body in chars is never longer than in bytes.
   */
  public static final int MAX_JSON_CHARS = 1 << 20;

  private Bodies() {}

  public static String limited(String body) {
    if (body != null && body.length() > MAX_JSON_CHARS) {
      throw new ApiProblem(
          ProblemType.PAYLOAD_TOO_LARGE,
          "JSON bodies may be at most " + MAX_JSON_CHARS + " characters.");
    }
    return body;
  }
}
