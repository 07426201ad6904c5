package tech.eclips.workforce.json;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import java.io.Writer;
import java.util.Map;

/**
 * How many bytes a JSON value takes when written compactly as UTF-8, the way the JSON-P provider
 * writes response bodies; counted as it is written, without keeping the text. Text already written
 * is counted as it is.
 */
public final class JsonBytes {

  private static final JsonWriterFactory WRITERS = Json.createWriterFactory(Map.of());

  private JsonBytes() {}

  public static long of(JsonValue value) {
    Utf8Counter counter = new Utf8Counter();
    try (JsonWriter writer = WRITERS.createWriter(counter)) {
      writer.write(value);
    }
    return counter.bytes;
  }

  /** The UTF-8 length of JSON text (a lone surrogate, which UTF-8 cannot hold, counts 2). */
  public static long of(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      bytes += Utf8Counter.bytes(text.charAt(i));
    }
    return bytes;
  }

  private static final class Utf8Counter extends Writer {

    private long bytes;

    @Override
    public void write(char[] chars, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        bytes += bytes(chars[i]);
      }
    }

    static int bytes(char c) {
      // a surrogate pair is 4 bytes, counted 2 + 2; a lone surrogate (written as '?') is
      // over-counted
      return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }

    @Override
    public void flush() {
      // nothing is kept
    }

    @Override
    public void close() {
      // nothing is kept
    }
  }
}
