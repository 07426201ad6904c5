package tech.eclips.workforce.metrics.control;

import jakarta.ws.rs.Path;
import java.lang.reflect.Method;

/** The JAX-RS template a resource method answers, as a client writes it: {@code /v1/me}. */
final class RouteTemplates {

  private RouteTemplates() {}

  static String of(Class<?> resource, Method method) {
    StringBuilder template = new StringBuilder();
    append(template, pathOf(resource));
    Path own = method.getAnnotation(Path.class);
    if (own != null) {
      append(template, own.value());
    }
    return template.isEmpty() ? "/" : template.toString();
  }

  /** The class's {@code @Path}, also when the container hands over a subclass (a proxy). */
  private static String pathOf(Class<?> resource) {
    for (Class<?> type = resource; type != null; type = type.getSuperclass()) {
      Path path = type.getAnnotation(Path.class);
      if (path != null) {
        return path.value();
      }
    }
    return "";
  }

  private static void append(StringBuilder template, String segment) {
    String trimmed = segment.replaceAll("^/+|/+$", "");
    if (!trimmed.isEmpty()) {
      template.append('/').append(trimmed);
    }
  }
}
