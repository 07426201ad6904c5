package tech.eclips.workforce.problems.control;

import jakarta.ejb.ApplicationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request the API refuses, with the contract's status and code (a {@link ProblemType}). Thrown
 * anywhere; rendered once by {@code ApiProblemMapper}. Rolls back any transaction it leaves.
 */
@ApplicationException(rollback = true)
public class ApiProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ProblemType type;
  private final int status;
  private final String code;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers;

  public ApiProblem(ProblemType type, String detail) {
    this(type, detail, List.of(), Map.of());
  }

  public ApiProblem(
      ProblemType type, String detail, List<FieldError> errors, Map<String, String> headers) {
    this(type, type.status(), type.code(), type.title(), detail, errors, headers);
  }

  private ApiProblem(
      ProblemType type,
      int status,
      String code,
      String title,
      String detail,
      List<FieldError> errors,
      Map<String, String> headers) {
    super(detail, null, false, false);
    this.type = type;
    this.status = status;
    this.code = code;
    this.title = title;
    // CONTRACT §10: at most 50 entries, however many a validator found
    this.errors = List.copyOf(errors.subList(0, Math.min(errors.size(), FieldError.MAX_ERRORS)));
    this.headers = Map.copyOf(headers);
  }

  /**
   * A status the container answered that the catalogue does not name (a 408, a 502): the only
   * problem made without a {@link ProblemType}.
   */
  public static ApiProblem unlisted(
      int status, String code, String title, String detail, Map<String, String> headers) {
    return new ApiProblem(null, status, code, title, detail, List.of(), headers);
  }

  /** Empty only for {@link #unlisted} problems. */
  public Optional<ProblemType> type() {
    return Optional.ofNullable(type);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
