package tech.eclips.workforce.bulkheads.control;

import java.util.Locale;

/** A pool that orgs share, and so one whose use each org has a cap on. */
public enum Kind {
  /** Document uploads in flight; each may stage up to the document limit on local disk. */
  UPLOADS,
  /** Document downloads being written to a client. */
  DOWNLOADS,
  /** Run accepts ({@code POST /v1/agents/runs}) in flight. */
  ACCEPTS,
  /** Transactions of requests that hold a pooled database connection. */
  CONNECTIONS;

  /** Its name in configuration keys: {@code eclips.bulkheads.<name>.per-org}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
