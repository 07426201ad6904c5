package tech.eclips.workforce.limits.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A body read whole costs memory for the bytes that came, not for the length announced. */
class LimitedBodyTest {

  private static final byte[] SMALL = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

  @Test
  void anAnnouncedMebibyteThatNeverComesIsNotAllocated() throws Exception {
    HttpServletRequest request = request(SMALL, RequestBounds.MAX_JSON_BYTES);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    LimitedBody.buffered(request, null, RequestBounds.MAX_JSON_BYTES); // warm up
    long before = threads.getThreadAllocatedBytes(id);
    HttpServletRequest read =
        LimitedBody.buffered(
            request(SMALL, RequestBounds.MAX_JSON_BYTES), null, RequestBounds.MAX_JSON_BYTES);
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertNotNull(read);
    assertArrayEquals(SMALL, read.getInputStream().readAllBytes());
    assertTrue(allocated < 256 * 1024, "allocated " + allocated + " bytes for a 7-byte body");
  }

  @Test
  void aBodyLargerThanTheFirstBufferIsReadWhole() throws Exception {
    byte[] body = new byte[300_000];
    java.util.Arrays.fill(body, (byte) 'x');
    HttpServletRequest read =
        LimitedBody.buffered(request(body, body.length), null, RequestBounds.MAX_JSON_BYTES);
    assertArrayEquals(body, read.getInputStream().readAllBytes());
  }

  private static HttpServletRequest request(byte[] body, long announced) {
    ServletInputStream in = new Bytes(body);
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            LimitedBodyTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getInputStream" -> in;
                  case "getContentLengthLong" -> announced;
                  case "getContentLength" -> (int) announced;
                  case "getContentType" -> "text/plain";
                  default -> null;
                });
  }

  private static final class Bytes extends ServletInputStream {
    private final ByteArrayInputStream in;

    Bytes(byte[] body) {
      this.in = new ByteArrayInputStream(body);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, len);
    }

    @Override
    public boolean isFinished() {
      return in.available() == 0;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      throw new UnsupportedOperationException();
    }
  }
}
