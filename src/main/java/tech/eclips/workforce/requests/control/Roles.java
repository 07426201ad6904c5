package tech.eclips.workforce.requests.control;

/** The JWT {@code groups} the application knows, used as roles in {@code @RolesAllowed}. */
public final class Roles {

  public static final String PLATFORM_ADMIN = "platform_admin";
  public static final String ORG_ADMIN = "org_admin";
  public static final String ORG_MEMBER = "org_member";

  private Roles() {}
}
