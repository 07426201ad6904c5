package tech.eclips.workforce;

import jakarta.interceptor.Interceptor;

/**
 * The order of the checks every /v1 request passes (CONTRACT §4). A request failing several checks
 * gets the error of the first one here. Spaced by 10 so a new ring can go between two without
 * renumbering.
 */
public final class Ring {

  public static final int AUTHENTICATE = Interceptor.Priority.APPLICATION;
  public static final int SCOPE = AUTHENTICATE + 10;
  public static final int RATE_LIMIT = SCOPE + 10;
  public static final int PLAN_GATE = RATE_LIMIT + 10;

  private Ring() {}
}
