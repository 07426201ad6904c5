package tech.eclips.workforce.requests.control;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The person behind a console request: the JWT's subject and the one org its {@code org_id} claim
 * names. Every console operation acts on that org only; there is no way to name another.
 */
@RequestScoped
public class ConsoleUser {

  static final String ORG_CLAIM = "org_id";

  @Inject JsonWebToken jwt;

  /**
   * The claim naming the org ({@code ECLIPS_JWT_ORG_CLAIM}); the roles' claim is the container's.
   */
  @Inject
  @ConfigProperty(name = "eclips.jwt.org-claim", defaultValue = ORG_CLAIM)
  String orgClaim;

  static final String GROUPS = "groups";

  /** The claim listing the roles ({@code ECLIPS_JWT_ROLES_CLAIM}), as the container reads it. */
  @Inject
  @ConfigProperty(name = "eclips.jwt.roles-claim", defaultValue = GROUPS)
  String rolesClaim;

  /** The org the token names, if it names one that parses; for limits, which never refuse. */
  public Optional<OrgId> namedOrg() {
    try {
      return jwt.getClaim(orgClaim) == null ? Optional.empty() : Optional.of(org());
    } catch (RuntimeException notAnOrg) {
      return Optional.empty();
    }
  }

  public String issuer() {
    return jwt.getIssuer();
  }

  public OrgId org() {
    Object claim = jwt.getClaim(orgClaim);
    if (claim == null) {
      throw Problems.forbidden("This token names no organization (claim '" + orgClaim + "').");
    }
    try {
      return new OrgId(UUID.fromString(claim.toString().replace("\"", "")));
    } catch (IllegalArgumentException e) {
      throw Problems.forbidden("This token's '" + orgClaim + "' claim is not an organization id.");
    }
  }

  /**
   * The org roles the token grants, in a fixed order; what the console page offers follows them.
   */
  public List<String> roles() {
    Set<String> groups =
        rolesClaim.equals(GROUPS)
            ? jwt.getGroups() == null ? Set.of() : jwt.getGroups()
            : names(jwt.getClaim(rolesClaim));
    return Stream.of(Roles.ORG_ADMIN, Roles.ORG_MEMBER).filter(groups::contains).toList();
  }

  /**
   * A roles claim of another name than {@code groups}, which {@link JsonWebToken#getGroups} does
   * not read (the container's roles follow the configured claim, the API's {@code getGroups} does
   * not): a JSON array of names, a collection, or one name.
   */
  static Set<String> names(Object claim) {
    if (claim == null) {
      return Set.of();
    }
    if (claim instanceof Collection<?> values) {
      return values.stream().map(ConsoleUser::name).collect(Collectors.toUnmodifiableSet());
    }
    return Set.of(name(claim));
  }

  private static String name(Object value) {
    return value instanceof JsonString text ? text.getString() : value.toString().replace("\"", "");
  }

  public String subject() {
    String subject = jwt.getSubject();
    return subject == null ? jwt.getName() : subject;
  }
}
