package tech.eclips.workforce.ratelimit.control;

/** The shared limiter's store did not answer in time or at all. */
public class SharedStoreUnavailable extends RuntimeException {

  SharedStoreUnavailable(Throwable cause) {
    // The cause's message may name the server; it never carries the URL's credentials.
    super("shared rate-limit store unavailable: " + cause.getClass().getSimpleName(), cause);
  }
}
