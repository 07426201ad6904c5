package tech.eclips.workforce.documents.control;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.Problems;

/**
 * Passes a file through while checking that its bytes are what its type declares (415 otherwise):
 * the signature of a binary type as soon as its first bytes have passed, text as UTF-8 without NUL
 * throughout, and both again at the end (a file may stop inside a signature or a character).
 */
public final class CheckedContent extends FilterInputStream {

  private final DeclaredType type;
  private final byte[] head;
  private final Utf8Check text;
  private int headLength;
  private boolean ended;

  public CheckedContent(InputStream in, DeclaredType type) {
    super(in);
    this.type = type;
    this.head = new byte[Signatures.length(type.essence())];
    this.text = type.text() ? new Utf8Check() : null;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n < 0) {
      atEnd();
    } else {
      check(buffer, offset, n);
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

  private void check(byte[] buffer, int offset, int n) {
    if (headLength < head.length) {
      int copied = Math.min(n, head.length - headLength);
      System.arraycopy(buffer, offset, head, headLength, copied);
      headLength += copied;
      if (headLength == head.length && !Signatures.matches(type.essence(), head, headLength)) {
        throw mismatch();
      }
    }
    if (text != null && !text.update(buffer, offset, n)) {
      throw mismatch();
    }
  }

  private void atEnd() {
    if (!ended
        && (!Signatures.matches(type.essence(), head, headLength)
            || (text != null && !text.complete()))) {
      throw mismatch();
    }
    ended = true;
  }

  private ApiProblem mismatch() {
    return Problems.unsupportedMediaType(
        type.text()
            ? "A " + type.essence() + " document must be UTF-8 text without NUL characters."
            : "The bytes are not a " + type.essence() + " file.");
  }
}
