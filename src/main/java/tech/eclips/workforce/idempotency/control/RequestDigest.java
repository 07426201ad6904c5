package tech.eclips.workforce.idempotency.control;

/**
 * A request body that is fingerprinted by a hash taken while it streamed in, never kept whole (an
 * upload of up to 10 MiB): what an Idempotency-Key matches instead of the body's text.
 */
public interface RequestDigest {

  /** A SHA-256 over everything of the body that makes two requests different. */
  byte[] requestDigest();
}
