package tech.eclips.workforce.json;

/**
 * A request's JSON body as a resource method receives it. Not a bare String on purpose: when an EJB
 * boundary's transaction fails at commit, Liberty writes the method's arguments into an FFDC
 * incident, a String in full; an object it names only by class. {@link #toString()} shows the
 * length, never the text.
 */
public final class JsonBody {

  private final String text;

  public JsonBody(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** The text of a body that may be absent (as a String parameter would be, empty). */
  public static String textOf(JsonBody body) {
    return body == null || body.text == null ? "" : body.text;
  }

  @Override
  public String toString() {
    return "JsonBody[" + (text == null ? 0 : text.length()) + " chars]";
  }
}
