package tech.eclips.workforce.trust.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The review quorum ({@code ECLIPS_TRUST_DISTINCT_REVIEWERS_TO_GUARDED}, {@code
 * ECLIPS_TRUST_DISTINCT_REVIEWERS_TO_AUTONOMOUS}), read once at start-up.
 */
@ApplicationScoped
public class TrustSettings {

  @Inject
  @ConfigProperty(name = "eclips.trust.distinct-reviewers-to-guarded", defaultValue = "2")
  int toGuarded;

  @Inject
  @ConfigProperty(name = "eclips.trust.distinct-reviewers-to-autonomous", defaultValue = "3")
  int toAutonomous;

  public ReviewQuorum quorum() {
    return new ReviewQuorum(toGuarded, toAutonomous);
  }
}
