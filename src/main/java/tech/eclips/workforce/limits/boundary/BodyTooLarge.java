package tech.eclips.workforce.limits.boundary;

import java.io.IOException;

/** A streamed request body passed its limit; mapped to 413 by {@link BodyTooLargeMapper}. */
public class BodyTooLarge extends IOException {

  private static final long serialVersionUID = 1L;

  private final long limit;

  public BodyTooLarge(long limit) {
    super("request body larger than " + limit + " bytes", null);
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}
