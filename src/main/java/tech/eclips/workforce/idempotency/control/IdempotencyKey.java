package tech.eclips.workforce.idempotency.control;

/**
 * An {@code Idempotency-Key} header as a resource method receives it (JAX-RS builds it through the
 * String constructor). Not a bare String for the same reason as {@code JsonBody}: Liberty writes an
 * EJB boundary's String arguments into FFDC incidents when its transaction fails at commit.
 */
public final class IdempotencyKey {

  private final String value;

  public IdempotencyKey(String value) {
    this.value = value;
  }

  /** The header's text; {@code null} when the request had none. */
  public static String valueOf(IdempotencyKey key) {
    return key == null ? null : key.value;
  }

  @Override
  public String toString() {
    return "IdempotencyKey[redacted]";
  }
}
