package tech.eclips.workforce.limits.control;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Content-Type and Accept judged before the JAX-RS runtime parses them: RESTEasy answers a charset
 * it does not know, or an Accept q-value that is no number, with an exception that reaches the
 * catch-all mapper as a 500. Syntax per RFC 9110 §8.3.1 and §12.5.1 (q = 0–1, at most three
 * decimals).
 */
public final class MediaTypeHeaders {

  private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
  private static final Pattern PARAMETER =
      Pattern.compile("\\s*" + TOKEN + "\\s*=\\s*(" + TOKEN + "|\"([^\"\\\\]|\\\\.)*\")\\s*");
  private static final Pattern MEDIA_TYPE = Pattern.compile("\\s*" + TOKEN + "/" + TOKEN + "\\s*");
  private static final Pattern Q_VALUE = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");

  private MediaTypeHeaders() {}

  /**
   * A well-formed media type whose charset, if it names one, this JVM can decode. A wildcard
   * ("*\/*", "application/*") is a range for Accept, never the type of a body: RESTEasy then picks
   * a reader by guess and its parse failure reaches the catch-all mapper as a 500.
   */
  public static boolean validContentType(String header) {
    String[] parts = header.split(";", -1);
    if (!MEDIA_TYPE.matcher(parts[0]).matches() || parts[0].contains("*")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].isBlank()) {
        continue; // RFC 9110 allows empty parameters
      }
      if (!PARAMETER.matcher(parts[i]).matches()) {
        return false;
      }
      String[] pair = parts[i].split("=", 2);
      if (pair[0].trim().toLowerCase(Locale.ROOT).equals("charset")
          && !supported(pair[1].trim().replace("\"", ""))) {
        return false;
      }
    }
    return true;
  }

  /** Media ranges separated by commas (empty elements allowed), each with a valid q if any. */
  public static boolean validAccept(String header) {
    for (String range : header.split(",", -1)) {
      if (range.isBlank()) {
        continue;
      }
      String[] parts = range.split(";", -1);
      if (!parts[0].trim().equals("*") && !MEDIA_TYPE.matcher(parts[0]).matches()) {
        return false;
      }
      for (int i = 1; i < parts.length; i++) {
        if (parts[i].isBlank()) {
          continue;
        }
        if (!PARAMETER.matcher(parts[i]).matches()) {
          return false;
        }
        String[] pair = parts[i].split("=", 2);
        if (pair[0].trim().equalsIgnoreCase("q") && !Q_VALUE.matcher(pair[1].trim()).matches()) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean supported(String charset) {
    try {
      return Charset.isSupported(charset);
    } catch (IllegalCharsetNameException e) {
      return false;
    }
  }
}
