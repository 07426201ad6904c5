package tech.eclips.workforce.limits.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import org.eclipse.microprofile.config.ConfigProvider;
import tech.eclips.workforce.limits.control.MediaTypeHeaders;
import tech.eclips.workforce.limits.control.Utf8Text;
import tech.eclips.workforce.problems.boundary.ServletProblems;
import tech.eclips.workforce.problems.control.Problems;

/**
 * The first thing every request meets, anonymous ones included (CONTRACT §10): query and headers
 * must be valid text; a body larger than allowed is refused with 413 from its Content-Length before
 * a byte is read, or, when streamed, as soon as the limit is passed. Nothing reads more than the
 * limit into memory.
 */
public class RequestBounds extends HttpFilter {

  private static final long serialVersionUID = 1L;

  /** JSON bodies (every endpoint but the document upload): 1 MiB. */
  public static final int MAX_JSON_BYTES = 1 << 20;

  private static final String DOCUMENTS = "/v1/documents";

  /**
   * The documents feature refuses a streamed upload past its limit itself (413, while counting).
   * This filter's count is only the backstop above it: at the same figure it fired first, inside
   * the feature's read, and the upload answered 400 instead of 413. Reads are at most a 256 KiB
   * chunk, so 1 MiB more lets the feature's answer always come first.
   */
  private static final long UPLOAD_BACKSTOP_MARGIN = 1L << 20;

  private long maxDocumentBytes;

  @Override
  public void init() {
    maxDocumentBytes =
        ConfigProvider.getConfig()
            .getOptionalValue("eclips.documents.max-bytes", Long.class)
            .orElse(10L << 20);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (!textIsValid(request)) {
      ServletProblems.write(
          request,
          response,
          Problems.malformedBody(
              "Query parameters and headers must be valid UTF-8 text without NUL characters."));
      return;
    }
    if (!mediaTypesAreValid(request, response)) {
      return;
    }
    boolean upload = isDocumentUpload(request);
    long announcedLimit = upload ? maxDocumentBytes : MAX_JSON_BYTES;
    if (request.getContentLengthLong() > announcedLimit) {
      LimitedBody.refuse(request, response, announcedLimit);
      LimitedBody.lingerOnAnnounced(request);
      return;
    }
    long limit = upload ? maxDocumentBytes + UPLOAD_BACKSTOP_MARGIN : MAX_JSON_BYTES;
    if (!hasBody(request)) {
      chain.doFilter(request, response);
    } else if (upload) {
      // Streamed to the documents feature, which enforces its limit exactly and answers with its
      // own problem; this backstop, a margin looser, only trips if that check ever goes.
      chain.doFilter(LimitedBody.streaming(request, limit), response);
    } else {
      HttpServletRequest read = LimitedBody.buffered(request, response, MAX_JSON_BYTES);
      if (read != null) {
        chain.doFilter(read, response);
      }
    }
  }

  /** Refused here, because the JAX-RS runtime would fail on them with a 500. */
  private static boolean mediaTypesAreValid(
      HttpServletRequest request, HttpServletResponse response) throws IOException {
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && !MediaTypeHeaders.validContentType(contentType)) {
      ServletProblems.write(
          request,
          response,
          Problems.unsupportedMediaType(
              "Content-Type must be a well-formed media type; a charset, if given, one the server knows"
                  + " (send JSON as UTF-8)."));
      return false;
    }
    for (String accept : Collections.list(request.getHeaders("Accept"))) {
      if (!MediaTypeHeaders.validAccept(accept)) {
        ServletProblems.write(
            request,
            response,
            Problems.malformedBody(
                "Accept must list media ranges, each with a q-value from 0 to 1 if any."));
        return false;
      }
    }
    return true;
  }

  private boolean isDocumentUpload(HttpServletRequest request) {
    return "POST".equals(request.getMethod())
        && request.getRequestURI().equals(request.getContextPath() + DOCUMENTS);
  }

  private static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  private static boolean textIsValid(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query != null && !Utf8Text.validQuery(query)) {
      return false;
    }
    for (String name : Collections.list(request.getHeaderNames())) {
      for (String value : Collections.list(request.getHeaders(name))) {
        if (value.indexOf('\0') >= 0) {
          return false;
        }
      }
    }
    return true;
  }
}
