package tech.eclips.workforce.keys.control;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** The authenticated caller of this request, set by the {@code @Authenticated} ring. */
@RequestScoped
public class CurrentCaller {

  private Caller caller;
  private Caller resolved;

  public void set(Caller authenticated) {
    this.caller = authenticated;
  }

  /**
   * The key's record even when the key may not be used (revoked, expired): for auditing the denial.
   */
  public void resolved(Caller record) {
    this.resolved = record;
  }

  public Optional<Caller> resolved() {
    return Optional.ofNullable(caller != null ? caller : resolved);
  }

  public Optional<Caller> get() {
    return Optional.ofNullable(caller);
  }

  /** For code behind {@code @Authenticated}: there is always a caller there. */
  public Caller required() {
    if (caller == null) {
      throw new IllegalStateException(
          "no authenticated caller: is the resource missing @Authenticated?");
    }
    return caller;
  }
}
