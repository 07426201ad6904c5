package tech.eclips.workforce.metrics.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.metrics.control.Route;

/**
 * Names the route of a request JAX-RS has matched, for {@link RequestMetrics}: the template of the
 * resource method, never the path (which holds ids). The property is the servlet request's
 * attribute.
 */
@Provider
public class RouteNames implements ContainerRequestFilter {

  @Context ResourceInfo resource;
  @Inject Meters meters;

  @Override
  public void filter(ContainerRequestContext request) {
    Method method = resource.getResourceMethod();
    if (method != null) {
      request.setProperty(Route.ATTRIBUTE, meters.route(resource.getResourceClass(), method));
    }
  }
}
