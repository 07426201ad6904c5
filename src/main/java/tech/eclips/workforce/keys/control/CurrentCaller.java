package tech.eclips.workforce.keys.control;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** The authenticated caller of this request, set by the {@code @Authenticated} ring. */
@RequestScoped
public class CurrentCaller {

  private Caller caller;

  public void set(Caller authenticated) {
    this.caller = authenticated;
  }

  public Optional<Caller> get() {
    return Optional.ofNullable(caller);
  }

  /** For code behind {@code @Authenticated}: there is always a caller there. */
  public Caller required() {
    if (caller == null) {
      throw new IllegalStateException("no authenticated caller: is the resource missing @Authenticated?");
    }
    return caller;
  }
}
