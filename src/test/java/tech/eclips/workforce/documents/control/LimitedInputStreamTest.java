package tech.eclips.workforce.documents.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.problems.control.ApiProblem;

class LimitedInputStreamTest {

  @Test
  void exactlyTheLimitPasses() throws IOException {
    LimitedInputStream in = new LimitedInputStream(new Endless(1000), 1000);
    assertEquals(1000, in.readAllBytes().length);
    assertEquals(1000, in.count());
  }

  @Test
  void oneByteMoreIsRefusedWithoutReadingFurther() {
    Endless source = new Endless(Long.MAX_VALUE);
    LimitedInputStream in = new LimitedInputStream(source, 1000);
    ApiProblem refused =
        assertThrows(ApiProblem.class, () -> in.readNBytes(new byte[64 * 1024], 0, 64 * 1024));
    assertEquals(413, refused.status());
    assertEquals("payload_too_large", refused.code());
    assertEquals("close", refused.headers().get("Connection"));
    assertEquals(1001, source.delivered, "read one byte past the limit, not a buffer's worth");
  }

  @Test
  void singleByteReadsAreCountedToo() throws IOException {
    LimitedInputStream in = new LimitedInputStream(new Endless(Long.MAX_VALUE), 3);
    in.read();
    in.read();
    in.read();
    assertEquals(413, assertThrows(ApiProblem.class, in::read).status());
  }

  /** A source of {@code length} zero bytes that records how many it handed out. */
  private static final class Endless extends InputStream {
    private final long length;
    long delivered;

    Endless(long length) {
      this.length = length;
    }

    @Override
    public int read() {
      if (delivered == length) {
        return -1;
      }
      delivered++;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (delivered == length) {
        return -1;
      }
      int n = (int) Math.min(len, length - delivered);
      delivered += n;
      return n;
    }
  }
}
