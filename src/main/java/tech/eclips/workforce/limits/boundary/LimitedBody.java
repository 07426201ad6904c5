package tech.eclips.workforce.limits.boundary;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tech.eclips.workforce.limits.control.Utf8Text;
import tech.eclips.workforce.problems.boundary.ServletProblems;
import tech.eclips.workforce.problems.control.Problems;

/** A request body read under a byte limit: buffered whole (JSON) or counted as it streams. */
final class LimitedBody {

  /**
   * After refusing, read and discard at most this much more, so that a client that is still sending
   * sees the 413 instead of a reset connection; a larger body is cut off.
   */
  private static final long DRAIN_BYTES = 16L << 20;

  /** The first buffer of a body read whole; it doubles as the bytes come. */
  static final int INITIAL_BYTES = 8192;

  private LimitedBody() {}

  /**
   * Reads the body into memory, at most {@code limit} bytes. Returns a request that serves those
   * bytes, or null after answering 413 (too large) or 400 (a JSON body that is not UTF-8).
   */
  static HttpServletRequest buffered(
      HttpServletRequest request, HttpServletResponse response, int limit) throws IOException {
    InputStream in = request.getInputStream();
    // grown as bytes arrive, never sized from the announced length alone: a client that announces
    // 1 MiB and sends nothing (before it has even authenticated) must not cost 1 MiB of heap
    byte[] buffer =
        new byte
            [(int)
                Math.min(
                    INITIAL_BYTES, Math.max(0, Math.min(limit, request.getContentLengthLong())))];
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        if (length > limit) {
          refuse(request, response, limit);
          // the client is still sending: let it finish a little so that it reads the 413
          drain(request.getInputStream());
          return null;
        }
        buffer = Arrays.copyOf(buffer, Math.min(limit + 1, Math.max(8192, length * 2)));
      }
      int read = in.read(buffer, length, buffer.length - length);
      if (read < 0) {
        break;
      }
      length += read;
    }
    if (isJson(request) && !Utf8Text.valid(buffer, length)) {
      ServletProblems.write(
          request,
          response,
          Problems.malformedBody("The request body must be UTF-8 text without NUL characters."));
      return null;
    }
    return new Replayed(request, buffer, length);
  }

  /** A request whose body fails with {@link BodyTooLarge} as soon as it passes the limit. */
  static HttpServletRequest streaming(HttpServletRequest request, long limit) throws IOException {
    return new Counted(request, request.getInputStream(), limit);
  }

  /**
   * Answers 413 at once and closes the connection. Nothing more is read here: a client that
   * announced too large a body may be waiting for this answer before it sends any, and what it does
   * send is discarded by the HTTP channel, which stops at its own message size limit.
   */
  static void refuse(HttpServletRequest request, HttpServletResponse response, long limit)
      throws IOException {
    ServletProblems.write(request, response, Problems.payloadTooLargeUnread(limit));
    response.flushBuffer();
  }

  /**
   * After a refusal from the announced length: a client that asked for {@code 100-continue} waits
   * for the answer and sends nothing, so nothing is read. One that is already sending a body of at
   * most {@link #DRAIN_BYTES} is read to the end and discarded, so that it reads the 413 instead of
   * a connection reset by closing with its bytes unread; a larger one is cut off.
   */
  static void lingerOnAnnounced(HttpServletRequest request) throws IOException {
    String expect = request.getHeader("Expect");
    if (expect == null && request.getContentLengthLong() <= DRAIN_BYTES) {
      drain(request.getInputStream());
    }
  }

  private static void drain(InputStream in) {
    byte[] sink = new byte[8192];
    long left = DRAIN_BYTES;
    try {
      int read;
      while (left > 0 && (read = in.read(sink)) >= 0) {
        left -= read;
      }
    } catch (IOException e) {
      // the client went away: nothing left to drain
    }
  }

  private static boolean isJson(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json");
  }

  /** The buffered body, served as often as the container asks for it. */
  private static final class Replayed extends HttpServletRequestWrapper {
    private final byte[] body;
    private final int length;

    Replayed(HttpServletRequest request, byte[] body, int length) {
      super(request);
      this.body = body;
      this.length = length;
    }

    @Override
    public ServletInputStream getInputStream() {
      return new Stream(new ByteArrayInputStream(body, 0, length), Long.MAX_VALUE);
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return length;
    }

    @Override
    public long getContentLengthLong() {
      return length;
    }
  }

  private static final class Counted extends HttpServletRequestWrapper {
    private final ServletInputStream stream;

    Counted(HttpServletRequest request, InputStream in, long limit) {
      super(request);
      this.stream = new Stream(in, limit);
    }

    @Override
    public ServletInputStream getInputStream() {
      return stream;
    }
  }

  /** Blocking reads only: the application never reads request bodies asynchronously. */
  private static final class Stream extends ServletInputStream {
    private final InputStream in;
    private final long limit;
    private long count;
    private boolean finished;

    Stream(InputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int read = in.read(b, off, len);
      if (read < 0) {
        finished = true;
        return read;
      }
      count += read;
      if (count > limit) {
        throw new BodyTooLarge(limit);
      }
      return read;
    }

    @Override
    public boolean isFinished() {
      return finished;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      throw new IllegalStateException("request bodies are read with blocking I/O");
    }
  }
}
