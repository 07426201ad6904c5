package tech.eclips.workforce.platform.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.UUID;
import tech.eclips.workforce.tenancy.control.PlatformDatabase;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Manual credit grants are the platform role's alone (V21): the platform connection authorizes one
 * grant (committed on its own), and the request's transaction applies it with {@code
 * Credits.grant}, atomically with its audit entry and idempotency record. The app role can neither
 * create nor read an authorization; one the request does not consume (a rollback) expires unused.
 */
@Dependent
public class GrantAuthorizations {

  @Inject PlatformDatabase platform;

  public UUID authorize(OrgId org, long amount, String reason) {
    return (UUID)
        platform.query(
                "SELECT eclips_gate.platform_authorize_credit_grant(?, ?, ?)",
                org.value(),
                amount,
                reason)
            .get(0)[0];
  }
}
