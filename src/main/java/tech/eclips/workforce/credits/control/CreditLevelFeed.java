package tech.eclips.workforce.credits.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.requests.control.CreditLevel;
import tech.eclips.workforce.tenancy.control.PlatformDatabase;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Reads the credits of the orgs this node served lately ({@link CreditLevels#inUse}) in one
 * statement per {@link #ORGS_PER_READ} orgs, through the {@code credit_levels} gate (V36) on the
 * platform connection, and hands the readings to {@link CreditLevels}. Run once a second by {@code
 * credits.boundary.CreditLevelSchedule}: an active org's reading is at most about a second old and
 * never expires on the request path while the feed answers; when it does not, readings expire after
 * the max age and requests read their own, as without the feed. {@code
 * ECLIPS_CREDITS_FIELD_FEED=false} turns it off.
 */
@ApplicationScoped
public class CreditLevelFeed {

  /** The gate reads at most this many orgs a call (V36 cuts the array there too). */
  static final int ORGS_PER_READ = 1_000;

  private static final Logger LOG = Logger.getLogger(CreditLevelFeed.class.getName());

  @Inject CreditLevels levels;

  /** The gate reads every org's figures, so only the platform role may call it (V36). */
  @Inject PlatformDatabase platform;

  @Inject
  @ConfigProperty(name = "eclips.credits.field-feed", defaultValue = "true")
  boolean enabled;

  public void refresh() {
    if (!enabled) {
      return;
    }
    List<OrgId> orgs = levels.inUse();
    try {
      for (int from = 0; from < orgs.size(); from += ORGS_PER_READ) {
        List<OrgId> some = orgs.subList(from, Math.min(orgs.size(), from + ORGS_PER_READ));
        long startedAt = levels.now();
        levels.fed(read(some), startedAt);
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "credit level feed read failed; readings expire by their max age",
          RedactedFailure.of(e));
    }
  }

  private Map<OrgId, CreditLevel> read(List<OrgId> orgs) {
    String array =
        orgs.stream().map(org -> org.value().toString()).collect(Collectors.joining(",", "{", "}"));
    Map<OrgId, CreditLevel> read = new HashMap<>();
    for (Object[] row :
        platform.query(
            "SELECT org_id, balance, used, budget FROM eclips_gate.credit_levels(?::uuid[])",
            array)) {
      CreditLevel level = CreditLevel.of(row[1], row[2], row[3]);
      if (level != null) {
        read.put(new OrgId(UUID.fromString(row[0].toString())), level);
      }
    }
    return read;
  }
}
