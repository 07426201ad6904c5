package tech.eclips.workforce;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The REST application: /v1 (API keys), /console/v1 (org users), /platform/v1 (operators). */
@ApplicationPath("/")
@OpenAPIDefinition(
    info = @Info(title = "eClips Workforce API", version = "1", description = "Multi-tenant AI agent platform"))
public class EclipsApplication extends Application {}
