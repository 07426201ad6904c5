package tech.eclips.workforce.agents.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The agent types this server runs, and what each costs ({@code eclips.agents.<type>.price}). */
@ApplicationScoped
public class Agents {

  private final Map<String, Agent> byType = new TreeMap<>();

  /**
   * Read once: a configuration lookup per run (every config source in turn) cost about as much as
   * the rest of pricing and accepting a run in the benchmark's profile (issue 26).
   */
  private final Map<String, Long> prices = new TreeMap<>();

  @Inject
  void register(Instance<Agent> agents) {
    agents.forEach(agent -> byType.put(agent.type(), agent));
  }

  @PostConstruct
  void readPrices() {
    Config config = ConfigProvider.getConfig();
    byType
        .values()
        .forEach(
            agent ->
                prices.put(
                    agent.type(),
                    config
                        .getOptionalValue("eclips.agents." + agent.type() + ".price", Long.class)
                        .orElse(agent.defaultPrice())));
  }

  public Optional<Agent> of(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /** Every agent type, in name order. */
  public java.util.Set<String> types() {
    return java.util.Collections.unmodifiableSet(byType.keySet());
  }

  public String known() {
    return String.join(", ", byType.keySet());
  }

  /** {@code eclips.agents.<type>.price} as configured at start, else the agent's own. */
  public long price(Agent agent) {
    Long configured = prices.get(agent.type());
    return configured != null ? configured : agent.defaultPrice();
  }
}
