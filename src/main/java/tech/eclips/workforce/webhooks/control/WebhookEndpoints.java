package tech.eclips.workforce.webhooks.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.tenancy.control.BoundOrg;
import tech.eclips.workforce.webhooks.entity.WebhookEndpoint;

/**
 * Registers endpoints of the transaction's org (the caller has entered the tenant) and issues their
 * signing secrets: each new secret is returned once, in plain, to be shown once, and stored only
 * sealed.
 */
@Dependent
public class WebhookEndpoints {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;
  @Inject SecretBox box;

  @Inject
  @ConfigProperty(name = "eclips.webhooks.max-endpoints-per-org", defaultValue = "16")
  int maxPerOrg;

  /** An endpoint and the secret it was just given, in plain: for the one response that shows it. */
  public record Issued(WebhookEndpoint endpoint, SigningSecret secret) {}

  /**
   * A new endpoint, unless the org has {@code max-endpoints-per-org} already: then 409. The org's
   * endpoint lock makes concurrent creates count one after the other.
   */
  public Issued create(NewEndpoint spec) {
    em.createNativeQuery(
            "SELECT pg_advisory_xact_lock(hashtextextended('webhook_endpoints:' || eclips_current_org(), 11))")
        .getSingleResult();
    Number count =
        (Number)
            em.createNativeQuery("SELECT count(*) FROM webhook_endpoints WHERE org_id = ?1")
                .setParameter(1, boundOrg.id())
                .getSingleResult();
    if (count.longValue() >= maxPerOrg) {
      throw Problems.webhookEndpointLimitReached(maxPerOrg);
    }
    SigningSecret secret = SigningSecret.generate();
    UUID id = UUID.randomUUID();
    WebhookEndpoint endpoint =
        new WebhookEndpoint(
                id,
                spec.mode().livemode(),
                spec.url().toString(),
                spec.description(),
                spec.eventTypes())
            .sealedSecret(box.seal(secret, boundOrg.id(), id));
    em.persist(endpoint);
    return new Issued(endpoint, secret);
  }

  /** A new secret; the current one keeps signing beside it until the overlap ends. */
  public Issued rotate(WebhookEndpoint endpoint, SecretRotation rotation, Instant now) {
    SigningSecret secret = SigningSecret.generate();
    endpoint.rotate(
        box.seal(secret, boundOrg.id(), endpoint.id()), now.plus(rotation.overlap()), now);
    return new Issued(endpoint, secret);
  }

  /**
   * What a delivery signs with at {@code now}: the current secret, then the previous one if any.
   */
  public List<SigningSecret> signingSecrets(WebhookEndpoint endpoint, Instant now) {
    List<SigningSecret> secrets = new ArrayList<>();
    secrets.add(box.open(endpoint.secretSealed(), boundOrg.id(), endpoint.id()));
    endpoint
        .previousSecretSealed(now)
        .ifPresent(previous -> secrets.add(box.open(previous, boundOrg.id(), endpoint.id())));
    return secrets;
  }

  public void delete(WebhookEndpoint endpoint) {
    em.remove(endpoint);
  }
}
