package tech.eclips.workforce.problems.control;

/** One thing wrong with one field of a request. */
public record FieldError(String field, String message) {

  /** CONTRACT §10: a problem's {@code errors[]} lists at most this many. */
  public static final int MAX_ERRORS = 50;
}
