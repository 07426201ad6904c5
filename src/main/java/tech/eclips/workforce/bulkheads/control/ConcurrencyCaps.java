package tech.eclips.workforce.bulkheads.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The caps of every shared pool, per org and in all, from MicroProfile Config: {@code
 * eclips.bulkheads.<kind>.per-org}, {@code .capacity}, {@code .max-wait-ms} (how long a request may
 * wait for its own org's share; never for the server's capacity) and {@code .max-waiting} (how many
 * of an org's requests may wait at once). Defaults are in {@link Defaults}; the connection caps
 * follow the pool size {@code eclips.db.pool.max}.
 */
@ApplicationScoped
public class ConcurrencyCaps {

  /** Seconds a refused client is told to wait: in-flight work of these pools ends within that. */
  public static final long RETRY_AFTER_SECONDS = 1;

  private final Map<Kind, OrgBulkhead<OrgId>> bulkheads = new EnumMap<>(Kind.class);

  @PostConstruct
  void configure() {
    Config config = ConfigProvider.getConfig();
    int pool = config.getOptionalValue("eclips.db.pool.max", Integer.class).orElse(20);
    for (Kind kind : Kind.values()) {
      Defaults defaults = Defaults.of(kind, pool);
      String prefix = "eclips.bulkheads." + kind.configName() + ".";
      bulkheads.put(
          kind,
          new OrgBulkhead<>(
              kind,
              config.getOptionalValue(prefix + "per-org", Integer.class).orElse(defaults.perOrg()),
              config
                  .getOptionalValue(prefix + "capacity", Integer.class)
                  .orElse(defaults.capacity()),
              Duration.ofMillis(
                  config
                      .getOptionalValue(prefix + "max-wait-ms", Long.class)
                      .orElse(defaults.maxWaitMillis())),
              config
                  .getOptionalValue(prefix + "max-waiting", Integer.class)
                  .orElse(defaults.maxWaiting())));
    }
  }

  public Admission acquire(Kind kind, OrgId org) throws InterruptedException {
    return bulkheads.get(kind).acquire(org);
  }

  public OrgBulkhead<OrgId> of(Kind kind) {
    return bulkheads.get(kind);
  }

  /** The defaults, and why (docs/security.md, "Bulkheads" says the same). */
  record Defaults(int perOrg, int capacity, long maxWaitMillis, int maxWaiting) {

    /** Connections the requests may hold: the pool less what the background workers need. */
    static final int BACKGROUND_RESERVE = 4;

    static Defaults of(Kind kind, int pool) {
      return switch (kind) {
        // 4 × 10 MiB staged on disk per org at most; 16 × 10 MiB for the server
        case UPLOADS -> new Defaults(4, 16, 0, 0);
        case DOWNLOADS -> new Defaults(8, 32, 0, 0);
        // accepts wait in the coalescer, briefly and without a connection: a generous share
        case ACCEPTS -> new Defaults(64, 512, 0, 0);
        // no org holds more than a quarter of the pool; a short wait for the org's own share
        // absorbs a burst: a new org's first accepts, or a burst refused by its credits, take the
        // request's own transaction one after another on the period's row, so up to four times the
        // share
        // may wait (each wait holds a thread, never a connection)
        case CONNECTIONS -> {
          int share = Math.max(2, pool / 4);
          yield new Defaults(share, Math.max(1, pool - BACKGROUND_RESERVE), 2_000, 4 * share);
        }
      };
    }
  }
}
