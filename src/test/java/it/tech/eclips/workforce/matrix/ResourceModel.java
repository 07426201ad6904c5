package it.tech.eclips.workforce.matrix;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tech.eclips.workforce.keys.boundary.RequiresScope;
import tech.eclips.workforce.keys.boundary.ScopeInterceptor;

/**
 * Every JAX-RS operation the build compiled, read by reflection over target/classes (as
 * GuardCoverageTest does), so the proofs that use it cover a new endpoint without anyone listing
 * it. Whatever a proof could not exercise is reported in {@link #unusable}, never skipped.
 */
public final class ResourceModel {

  /** Path parameters the proofs know how to fill; any other name is a gap in the proofs. */
  public static final Set<String> KNOWN_PATH_PARAMETERS = Set.of("id", "agent_type");

  /**
   * Operations outside the three APIs, each with the reason it carries no guard. A new one fails
   * the model until someone decides here whether it may be public.
   */
  public static final Map<String, String> PUBLIC_OPERATIONS =
      // /bench/ping is compiled only into the bench profile's WAR (ProductionWarIT)
      Map.of(
          "POST /secret-scanning/v1/reports",
          "a secret-scanning partner's leak report: its ECDSA signature is the credential"
              + " (LeakReportsResource, docs/security.md)");

  private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*(\\w+)\\s*(?::[^}]*)?}");
  private static final List<Class<? extends Annotation>> VERBS =
      List.of(
          GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class, OPTIONS.class);

  /** Which API an operation belongs to, which decides its credentials. */
  public enum Api {
    V1,
    CONSOLE,
    PLATFORM,
    PUBLIC
  }

  /**
   * One operation: {@code path} is the template with a leading slash, {@code scope} the /v1 scope
   * (or {@link RequiresScope#ANY}), {@code roles} the console/platform roles.
   */
  public record Operation(
      String verb,
      String path,
      Api api,
      String scope,
      Set<String> roles,
      List<String> pathParameters,
      List<String> queryParameters,
      boolean takesBody,
      String where) {

    @Override
    public String toString() {
      return verb + " " + path;
    }

    /** The collection an {id} names, e.g. "runs" for /v1/agents/runs/{id}/...: its type. */
    public String collection() {
      String[] segments = path.split("/");
      for (int i = 1; i < segments.length; i++) {
        if (segments[i].equals("{id}")) {
          return segments[i - 1];
        }
      }
      return null;
    }

    public boolean onlyFor(String role) {
      return roles.equals(Set.of(role));
    }
  }

  private final List<Operation> operations = new ArrayList<>();
  private final List<String> unusable = new ArrayList<>();

  private ResourceModel() {}

  /** Reads target/classes of the module under test. */
  public static ResourceModel compiled() {
    ResourceModel model = new ResourceModel();
    java.nio.file.Path classes = java.nio.file.Path.of("target/classes");
    try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
      for (java.nio.file.Path file :
          files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        String name =
            classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        model.read(Class.forName(name, false, ResourceModel.class.getClassLoader()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    model.operations.sort(Comparator.comparing(Operation::path).thenComparing(Operation::verb));
    return model;
  }

  /** The model of just these classes: for testing the model itself. */
  public static ResourceModel of(Class<?>... types) {
    ResourceModel model = new ResourceModel();
    for (Class<?> type : types) {
      model.read(type);
    }
    return model;
  }

  public List<Operation> operations() {
    return List.copyOf(operations);
  }

  /** Operations (or methods) that no proof can exercise as they are, with the reason. */
  public List<String> unusable() {
    return List.copyOf(unusable);
  }

  private void read(Class<?> type) {
    Path root = type.getAnnotation(Path.class);
    if (root == null) {
      return;
    }
    for (Method method : type.getDeclaredMethods()) {
      Path sub = method.getAnnotation(Path.class);
      List<String> verbs =
          VERBS.stream().filter(method::isAnnotationPresent).map(v -> v.getSimpleName()).toList();
      String where = type.getSimpleName() + "." + method.getName();
      if (verbs.isEmpty() && sub != null) {
        unusable.add(where + ": a sub-resource locator, which the model does not follow");
      }
      for (String verb : verbs) {
        add(type, method, verb, join(root.value(), sub == null ? "" : sub.value()), where);
      }
    }
  }

  private void add(Class<?> type, Method method, String verb, String path, String where) {
    List<String> pathParameters = new ArrayList<>();
    Matcher template = TEMPLATE.matcher(path);
    while (template.find()) {
      pathParameters.add(template.group(1));
      if (!KNOWN_PATH_PARAMETERS.contains(template.group(1))) {
        unusable.add(where + ": unknown path parameter {" + template.group(1) + "} in " + path);
      }
    }
    String normalised = TEMPLATE.matcher(path).replaceAll("{$1}");
    Api api = apiOf(normalised);
    RequiresScope scope = annotation(type, method, RequiresScope.class);
    RolesAllowed roles = annotation(type, method, RolesAllowed.class);
    Operation operation =
        new Operation(
            verb,
            normalised,
            api,
            scope == null ? null : ScopeInterceptor.code(scope),
            roles == null ? Set.of() : Set.of(roles.value()),
            List.copyOf(pathParameters),
            queryParameters(method),
            takesBody(method),
            where);
    checkGuarded(operation);
    if (pathParameters.contains("id") && operation.collection() == null) {
      unusable.add(where + ": {id} not right after a collection in " + normalised);
    }
    operations.add(operation);
  }

  private void checkGuarded(Operation operation) {
    switch (operation.api()) {
      case V1 -> {
        if (operation.scope() == null) {
          unusable.add(operation.where() + ": /v1 operation without @RequiresScope");
        }
      }
      case CONSOLE, PLATFORM -> {
        if (operation.roles().isEmpty()) {
          unusable.add(operation.where() + ": " + operation + " without @RolesAllowed");
        }
      }
      case PUBLIC -> {
        if (!PUBLIC_OPERATIONS.containsKey(operation.toString())) {
          unusable.add(
              operation.where() + ": " + operation + " is outside /v1, /console and /platform");
        }
      }
    }
  }

  private static Api apiOf(String path) {
    if (path.startsWith("/v1/") || path.equals("/v1")) {
      return Api.V1;
    }
    if (path.startsWith("/console/v1/")) {
      return Api.CONSOLE;
    }
    if (path.startsWith("/platform/v1/")) {
      return Api.PLATFORM;
    }
    return Api.PUBLIC;
  }

  private static <A extends Annotation> A annotation(Class<?> type, Method method, Class<A> kind) {
    A own = method.getAnnotation(kind);
    return own != null ? own : type.getAnnotation(kind);
  }

  private static List<String> queryParameters(Method method) {
    return Stream.of(method.getParameters())
        .map(p -> p.getAnnotation(QueryParam.class))
        .filter(q -> q != null)
        .map(QueryParam::value)
        .toList();
  }

  /** An unannotated parameter is the entity: the body (JAX-RS 3.1 §3.3.2.1). */
  private static boolean takesBody(Method method) {
    if (method.isAnnotationPresent(Consumes.class)) {
      return true;
    }
    for (Parameter parameter : method.getParameters()) {
      if (parameter.getAnnotations().length == 0) {
        return true;
      }
    }
    return false;
  }

  private static String join(String root, String sub) {
    String path = "/" + root.replaceAll("^/|/$", "");
    String rest = sub.replaceAll("^/|/$", "");
    return rest.isEmpty() ? path : path + "/" + rest;
  }
}
