package tech.eclips.workforce.documents.control;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import tech.eclips.workforce.problems.control.Problems;

/**
 * Counts what is read and refuses (413) the moment the count passes the limit: nothing beyond one
 * buffer past the limit is ever read from the client.
 */
public final class LimitedInputStream extends FilterInputStream {

  private final long limit;
  private long count;

  public LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  public long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    // Never ask for more than one byte past the limit, so a refusal reads as little as possible.
    int n = super.read(buffer, offset, (int) Math.min(length, limit - count + 1));
    if (n > 0) {
      counted(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("not supported");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void counted(int n) {
    count += n;
    if (count > limit) {
      throw Problems.payloadTooLargeUnread(limit);
    }
  }
}
