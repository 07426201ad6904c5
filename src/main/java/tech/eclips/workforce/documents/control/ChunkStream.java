package tech.eclips.workforce.documents.control;

import java.io.InputStream;
import java.util.Optional;
import java.util.function.IntFunction;

/** An input stream over numbered chunks, fetching the next one only when the last is used up. */
final class ChunkStream extends InputStream {

  private final IntFunction<Optional<byte[]>> chunks;
  private byte[] current = new byte[0];
  private int position;
  private int nextSeq;
  private boolean ended;

  ChunkStream(IntFunction<Optional<byte[]>> chunks) {
    this.chunks = chunks;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    while (position == current.length) {
      if (ended) {
        return -1;
      }
      Optional<byte[]> next = chunks.apply(nextSeq++);
      ended = next.isEmpty();
      current = next.orElse(new byte[0]);
      position = 0;
    }
    int n = Math.min(length, current.length - position);
    System.arraycopy(current, position, buffer, offset, n);
    position += n;
    return n;
  }
}
