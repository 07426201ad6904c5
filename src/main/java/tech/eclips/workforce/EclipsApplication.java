package tech.eclips.workforce;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import tech.eclips.workforce.identity.control.Roles;

/**
 * The REST application: /v1 (API keys, checked by the ring's interceptors), /console/v1 (org users)
 * and /platform/v1 (operators), both MicroProfile JWT. Liberty applies the JWT check only to the
 * console and platform paths (authFilter in server.xml), so an API key in a Bearer header never
 * meets it.
 */
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT", realmName = "eclips")
@DeclareRoles({Roles.PLATFORM_ADMIN, Roles.ORG_ADMIN, Roles.ORG_MEMBER})
@OpenAPIDefinition(
    info =
        @Info(
            title = "eClips Workforce API",
            version = "1",
            description = "Multi-tenant AI agent platform"))
public class EclipsApplication extends Application {}
