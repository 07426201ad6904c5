package tech.eclips.workforce.documents.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.problems.control.ApiProblem;

/** Magic-byte sniffing and text checks on a stream that may arrive one byte at a time. */
class CheckedContentTest {

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2};
  private static final byte[] PDF = "%PDF-1.7\n%âãÏÓ\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0};

  @Test
  void filesWhoseBytesFitTheirTypePassUnchanged() throws IOException {
    assertArrayEquals(PNG, readAll(PNG, "image/png"));
    assertArrayEquals(PDF, readAll(PDF, "application/pdf"));
    assertArrayEquals(JPEG, readAll(JPEG, "image/jpeg"));
    byte[] json = "{\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(json, readAll(json, "application/json; charset=UTF-8"));
  }

  @Test
  void aPdfDeclaredAsPngIsRefusedAsSoonAsItsSignatureHasPassed() {
    assertEquals(415, refusal(PDF, "image/png").status());
    assertEquals(415, refusal(PNG, "application/pdf").status());
    assertEquals(415, refusal(PNG, "image/jpeg").status());
    assertEquals("unsupported_media_type", refusal(PDF, "image/jpeg").code());
  }

  @Test
  void aFileShorterThanItsSignatureIsRefused() {
    assertEquals(415, refusal(new byte[] {(byte) 0x89, 'P'}, "image/png").status());
    assertEquals(415, refusal(new byte[0], "application/pdf").status());
  }

  @Test
  void textMustBeUtf8WithoutNul() {
    assertEquals(415, refusal(new byte[] {'a', 0, 'b'}, "text/plain").status());
    assertEquals(415, refusal(new byte[] {'a', (byte) 0xe9, 'b'}, "text/plain").status());
    assertEquals(415, refusal(new byte[] {'[', (byte) 0xc3}, "application/json").status());
  }

  @Test
  void charsetsOtherThanUtf8AreNotAcceptedForText() {
    assertEquals(true, DeclaredType.parse("text/plain; charset=ISO-8859-1").isEmpty());
    assertEquals(
        "text/plain", DeclaredType.parse("Text/Plain; charset=\"utf-8\"").orElseThrow().essence());
    assertEquals(true, DeclaredType.parse("not a type").isEmpty());
  }

  private static byte[] readAll(byte[] bytes, String type) throws IOException {
    InputStream in =
        new CheckedContent(new OneByteAtATime(bytes), DeclaredType.parse(type).orElseThrow());
    return in.readAllBytes();
  }

  private static ApiProblem refusal(byte[] bytes, String type) {
    return assertThrows(ApiProblem.class, () -> readAll(bytes, type));
  }

  /** Worst-case delivery: every read returns a single byte. */
  private static final class OneByteAtATime extends ByteArrayInputStream {
    OneByteAtATime(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, 1));
    }
  }
}
