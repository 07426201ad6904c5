package tech.eclips.workforce.json;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import java.io.Writer;
import java.util.Map;

/**
 * How many bytes a JSON value takes when written compactly as UTF-8, the way the JSON-P provider
 * writes response bodies; counted as it is written, without keeping the text.
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

  private static final class Utf8Counter extends Writer {

    private long bytes;

    @Override
    public void write(char[] chars, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        char c = chars[i];
        // a surrogate pair is 4 bytes, counted 2 + 2; a lone surrogate (written as '?') is
        // over-counted
        bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
      }
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
