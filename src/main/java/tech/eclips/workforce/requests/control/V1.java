package tech.eclips.workforce.requests.control;

import jakarta.ws.rs.container.ContainerRequestContext;

/** Whether a request is for the public API, checked before any request-scoped bean is touched. */
public final class V1 {

  private V1() {}

  public static boolean matches(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    return path.startsWith("/v1/") || path.startsWith("v1/");
  }
}
