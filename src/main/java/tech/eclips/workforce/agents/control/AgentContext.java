package tech.eclips.workforce.agents.control;

import java.util.UUID;

/** What an agent may ask of its org's data while it runs (always the run's own org). */
public interface AgentContext {

  /** Whether another run of this org already processed this vendor's invoice number. */
  boolean invoiceSeenBefore(String vendor, String invoiceNumber, UUID exceptRun);

  UUID runId();
}
