package tech.eclips.workforce;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import tech.eclips.workforce.requests.control.Roles;

/**
 * The REST application: /v1 (API keys, checked by the ring's interceptors), /console/v1 (org users)
 * and /platform/v1 (operators), both MicroProfile JWT. Liberty applies the JWT check only to the
 * console and platform paths (authFilter in server.xml), so an API key in a Bearer header never
 * meets it. The OpenAPI document's info is in META-INF/openapi.yaml.
 */
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT", realmName = "eclips")
@DeclareRoles({Roles.PLATFORM_ADMIN, Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class EclipsApplication extends Application {}
