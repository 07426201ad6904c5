package tech.eclips.workforce.ratelimit.control;

/**
 * A key's limit per minute: its own if it has one, never more than its plan's. Plans without public
 * API access have no figure; their keys are still limited (by their own figure or {@link
 * #NO_PLAN_FIGURE}) so that denied traffic cannot flood either.
 */
public final class EffectiveLimit {

  static final int NO_PLAN_FIGURE = 60;

  private EffectiveLimit() {}

  public static int perMinute(Integer keyLimit, int planLimit) {
    int ceiling = planLimit > 0 ? planLimit : NO_PLAN_FIGURE;
    return keyLimit == null ? ceiling : Math.min(keyLimit, ceiling);
  }
}
