package tech.eclips.workforce.tenancy.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The proofs that let a transaction enter an org (V22): the database's HMAC of the org id under a
 * key only it holds, issued to the platform connection and kept here for the application's lifetime
 * (a proof never changes while the key does not). The app role cannot compute one, so its password
 * alone opens no org. Bounded: past {@link #CAPACITY} orgs a proof is fetched each time rather than
 * kept, and nothing a client sends makes the map grow (only existing orgs get here, after
 * authentication).
 */
@ApplicationScoped
public class TenantProofs {

  /** Orgs whose proof is kept in memory: about 100 bytes each. */
  static final int CAPACITY = 100_000;

  @Inject PlatformDatabase platform;

  private final ConcurrentMap<OrgId, String> proofs = new ConcurrentHashMap<>();

  /** The org's proof, asked of the database once. */
  public String of(OrgId org) {
    String known = proofs.get(org);
    if (known != null) {
      return known;
    }
    String proof = fetch(org);
    if (proofs.size() < CAPACITY) {
      proofs.putIfAbsent(org, proof);
    }
    return proof;
  }

  private String fetch(OrgId org) {
    List<Object[]> rows = platform.query("SELECT eclips_gate.tenant_binding_proof(?)", org.value());
    if (rows.size() != 1 || !(rows.get(0)[0] instanceof String proof)) {
      throw new IllegalStateException("the database issued no tenant binding proof");
    }
    return proof;
  }
}
