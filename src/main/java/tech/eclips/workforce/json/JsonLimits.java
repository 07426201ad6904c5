package tech.eclips.workforce.json;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import tech.eclips.workforce.limits.control.Utf8Text;
import tech.eclips.workforce.problems.control.Problems;

/**
 * The one check every JSON input passes before any tree is built (CONTRACT §10, §11), whatever its
 * source, a request body or a document a run reads: at most {@link #MAX_BYTES}, nesting at most
 * {@link #MAX_DEPTH} levels (building the tree of 5,000 levels overflowed the stack), at most
 * {@link #maxNodes()} values and names in all (1 MiB of {@code {"a":0}} is 131,000 objects, about
 * 40 MB as a tree), no NUL or lone surrogate in any name or string and no number outside
 * PostgreSQL's {@code numeric} range (PostgreSQL refuses both, which was a 500). It runs on a
 * streaming parser, so what it refuses never costs more than the parser's buffer. Malformed JSON
 * fails here with the parser's own exception, which the caller reports.
 */
public final class JsonLimits {

  public static final int MAX_BYTES = 1 << 20;
  public static final int MAX_DEPTH = 32;

  /**
   * Values and names (every object, array, string, number, literal and member name) in one input,
   * {@code eclips.json.max-nodes}. 100,000 holds an invoice of 10,000 lines of ten fields; the tree
   * of the worst 1 MiB input it lets through takes about 10 MB of heap, a third of what the same
   * megabyte of {@code {}} took.
   */
  public static final int DEFAULT_MAX_NODES = 100_000;

  /** PostgreSQL's numeric: 131,072 digits before the decimal point and 16,383 after. */
  static final long NUMERIC_MAX_INTEGER_DIGITS = 131_072;

  static final long NUMERIC_MAX_SCALE = 16_383;

  private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

  private JsonLimits() {}

  /** An input over a bound: what is wrong and where (a field path such as input.lines[2]). */
  public static final class Exceeded extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String path;

    Exceeded(String message, String path) {
      super(message, null, false, false);
      this.path = path;
    }

    /** The path of the offending value, or null when the input as a whole is over a bound. */
    public String path() {
      return path;
    }
  }

  /** A request body: a bound exceeded is a 400 naming the field when there is one. */
  public static void check(String json) {
    try {
      scan(new StringReader(json), "", maxNodes());
    } catch (Exceeded e) {
      throw e.path() == null || e.path().isEmpty()
          ? Problems.malformedBody(e.getMessage())
          : Problems.invalidRequest(e.path(), e.getMessage());
    }
  }

  /**
   * The text of a JSON input read from a stream: at most {@link #MAX_BYTES} bytes are read (one
   * more shows it is too large), then checked as {@link #scan} does, paths starting at {@code
   * root}. Invalid UTF-8 becomes U+FFFD, as it does for a body.
   */
  public static String read(InputStream in, String root) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new Exceeded("JSON may be at most " + MAX_BYTES + " bytes (1 MiB).", null);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    scan(new StringReader(text), root, maxNodes());
    return text;
  }

  /** Throws {@link Exceeded} at the first bound the JSON passes; paths start at {@code root}. */
  public static void scan(Reader json, String root, int maxNodes) {
    Path path = new Path(root);
    int nodes = 0;
    try (JsonParser parser = PARSERS.createParser(json)) {
      while (parser.hasNext()) {
        JsonParser.Event event = parser.next();
        if (event != JsonParser.Event.END_OBJECT
            && event != JsonParser.Event.END_ARRAY
            && ++nodes > maxNodes) {
          throw new Exceeded("JSON may hold at most " + maxNodes + " values and names.", null);
        }
        switch (event) {
          case START_OBJECT, START_ARRAY -> {
            path.value();
            if (!path.open(event == JsonParser.Event.START_ARRAY)) {
              throw new Exceeded("JSON may be nested at most " + MAX_DEPTH + " levels deep.", null);
            }
          }
          case END_OBJECT, END_ARRAY -> path.close();
          case KEY_NAME -> {
            path.name(null); // a bad name is reported at its object
            checkText(parser.getString(), path);
            path.name(parser.getString());
          }
          case VALUE_STRING -> {
            path.value();
            checkText(parser.getString(), path);
          }
          case VALUE_NUMBER -> {
            path.value();
            if (!numericHolds(parser.getString())) {
              throw new Exceeded(
                  "is a number outside the range that can be stored (at most "
                      + NUMERIC_MAX_INTEGER_DIGITS
                      + " digits before the decimal point and "
                      + NUMERIC_MAX_SCALE
                      + " after).",
                  path.toString());
            }
          }
          default -> path.value();
        }
      }
    }
  }

  private static void checkText(String text, Path path) {
    if (!Utf8Text.valid(text)) {
      String at = path.toString();
      throw at.isEmpty()
          ? new Exceeded("JSON strings must be valid Unicode text without NUL characters.", null)
          : new Exceeded("must be valid Unicode text without NUL characters.", at);
    }
  }

  /**
   * Could PostgreSQL's numeric hold this JSON number, written as it is? Judged from the text, never
   * by expanding it: the digits before the decimal point (from the first significant digit and the
   * exponent) and the scale (the decimals written minus the exponent, trailing zeros included, as
   * PostgreSQL counts them).
   */
  static boolean numericHolds(String number) {
    int e = Math.max(number.indexOf('e'), number.indexOf('E'));
    String mantissa = e < 0 ? number : number.substring(0, e);
    long exponent = 0;
    if (e >= 0) {
      String digits = number.substring(e + 1);
      // more than 10 digits is beyond PostgreSQL's own cut-off (INT_MAX / 2) in any case
      if (digits.replaceFirst("^[+-]", "").replaceFirst("^0+", "").length() > 10) {
        return false;
      }
      exponent = Long.parseLong(digits.startsWith("+") ? digits.substring(1) : digits);
      if (Math.abs(exponent) >= Integer.MAX_VALUE / 2) {
        return false;
      }
    }
    int start = mantissa.startsWith("-") ? 1 : 0;
    int point = mantissa.indexOf('.');
    int integerEnd = point < 0 ? mantissa.length() : point;
    long decimals = point < 0 ? 0 : mantissa.length() - point - 1;
    if (decimals - exponent > NUMERIC_MAX_SCALE) {
      return false;
    }
    int first = firstSignificant(mantissa, start);
    if (first < 0) {
      return true; // zero: no digit before the point, whatever the exponent
    }
    // the power of ten of the first significant digit, and so the digits before the point
    long power = (first < integerEnd ? integerEnd - first - 1 : integerEnd - first) + exponent;
    return power + 1 <= NUMERIC_MAX_INTEGER_DIGITS;
  }

  private static int firstSignificant(String mantissa, int start) {
    for (int i = start; i < mantissa.length(); i++) {
      char c = mantissa.charAt(i);
      if (c >= '1' && c <= '9') {
        return i;
      }
    }
    return -1;
  }

  /** {@code eclips.json.max-nodes}, read once; the default where there is no configuration. */
  public static int maxNodes() {
    return Settings.MAX_NODES;
  }

  private static final class Settings {

    static final int MAX_NODES = configured();

    private static int configured() {
      try {
        return ConfigProvider.getConfig()
            .getOptionalValue("eclips.json.max-nodes", Integer.class)
            .filter(n -> n > 0)
            .orElse(DEFAULT_MAX_NODES);
      } catch (RuntimeException | java.util.ServiceConfigurationError e) {
        // no MicroProfile Config here (a unit test): the default
        return DEFAULT_MAX_NODES;
      }
    }
  }

  /** Where the parser is: the member name or array index at each level, for error paths. */
  private static final class Path {

    private final String root;
    private final Object[] steps = new Object[MAX_DEPTH + 1];
    private final int[] indexes = new int[MAX_DEPTH + 1];
    private final boolean[] arrays = new boolean[MAX_DEPTH + 1];
    private int depth;

    Path(String root) {
      this.root = root;
    }

    boolean open(boolean array) {
      if (depth == MAX_DEPTH) {
        return false;
      }
      depth++;
      arrays[depth] = array;
      indexes[depth] = -1;
      steps[depth] = null;
      return true;
    }

    void close() {
      depth--;
    }

    void name(String name) {
      steps[depth] = name;
    }

    /** A value begins: in an array, it is the next index. */
    void value() {
      if (depth > 0 && arrays[depth]) {
        indexes[depth]++;
      }
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(root);
      for (int i = 1; i <= depth; i++) {
        if (arrays[i]) {
          if (indexes[i] >= 0) {
            text.append('[').append(indexes[i]).append(']');
          }
        } else if (steps[i] != null) {
          text.append(text.isEmpty() ? "" : ".").append(steps[i]);
        }
      }
      return text.toString();
    }
  }
}
