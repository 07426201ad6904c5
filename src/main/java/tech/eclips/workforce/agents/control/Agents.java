package tech.eclips.workforce.agents.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.ConfigProvider;

/** The agent types this server runs, and what each costs ({@code eclips.agents.<type>.price}). */
@ApplicationScoped
public class Agents {

  private final Map<String, Agent> byType = new TreeMap<>();

  @Inject
  void register(Instance<Agent> agents) {
    agents.forEach(agent -> byType.put(agent.type(), agent));
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

  public long price(Agent agent) {
    return ConfigProvider.getConfig()
        .getOptionalValue("eclips.agents." + agent.type() + ".price", Long.class)
        .orElse(agent.defaultPrice());
  }
}
