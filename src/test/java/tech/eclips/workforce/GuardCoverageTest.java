package tech.eclips.workforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.security.RolesAllowed;
import jakarta.interceptor.InterceptorBinding;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.bulkheads.boundary.Bulkheaded;
import tech.eclips.workforce.bulkheads.control.Kind;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.keys.boundary.RequiresScope;

/**
 * An endpoint that forgets its guards fails the build: every /v1 resource method carries the whole
 * ring (up to tenant binding), with a real scope; every console method is bound to its token's org;
 * every console and platform method is role-restricted and rate-limited.
 */
class GuardCoverageTest {

  private static final List<Class<? extends Annotation>> RING =
      List.of(
          Authenticated.class,
          RequiresScope.class,
          RateLimited.class,
          PlanGated.class,
          TenantBound.class);

  @Test
  void everyV1MethodPassesTheWholeRing() throws Exception {
    List<String> unguarded = new ArrayList<>();
    List<Method> methods = endpointMethods("v1");
    assertFalse(methods.isEmpty(), "found no /v1 resource methods: is the scan broken?");
    for (Method method : methods) {
      for (Class<? extends Annotation> guard : RING) {
        if (Ring.binding(method, guard) == null) {
          unguarded.add(
              method.getDeclaringClass().getSimpleName()
                  + "."
                  + method.getName()
                  + " lacks @"
                  + guard.getSimpleName());
        }
      }
      RequiresScope scope = Ring.binding(method, RequiresScope.class);
      if (scope != null && scope.any() == (scope.value().length == 1)) {
        unguarded.add(method.getName() + " names neither exactly one scope nor any scope");
      }
    }
    assertEquals(List.of(), unguarded);
  }

  /**
   * The fixed bindings come from one binding per API that carries them, so a new resource cannot
   * take half of them: a /v1 resource is {@code @PublicApi}, a console resource
   * {@code @ConsoleApi}, and neither repeats one of the bindings its API binding carries.
   */
  @Test
  void everyResourceTakesItsFixedRingFromItsApiBinding() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (var api :
        List.of(Map.entry("v1", PublicApi.class), Map.entry("console", ConsoleApi.class))) {
      for (Method method : endpointMethods(api.getKey())) {
        Class<?> type = method.getDeclaringClass();
        if (!type.isAnnotationPresent(api.getValue())) {
          wrong.add(type.getSimpleName() + " lacks @" + api.getValue().getSimpleName());
        }
        for (Annotation carried : api.getValue().getAnnotations()) {
          Class<? extends Annotation> binding = carried.annotationType();
          if (binding.isAnnotationPresent(InterceptorBinding.class)
              && (type.isAnnotationPresent(binding) || method.isAnnotationPresent(binding))) {
            wrong.add(
                type.getSimpleName()
                    + "."
                    + method.getName()
                    + " repeats @"
                    + binding.getSimpleName());
          }
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void everyConsoleMethodIsBoundToTheTokensOrg() throws Exception {
    List<String> unbound = new ArrayList<>();
    List<Method> methods = endpointMethods("console");
    assertFalse(methods.isEmpty());
    for (Method method : methods) {
      if (Ring.binding(method, TenantBound.class) == null) {
        unbound.add(method.getDeclaringClass().getSimpleName() + "." + method.getName());
      }
    }
    assertEquals(List.of(), unbound);
  }

  @Test
  void everyConsoleAndPlatformMethodIsRoleRestricted() throws Exception {
    List<String> open = new ArrayList<>();
    List<Method> methods = new ArrayList<>(endpointMethods("console"));
    methods.addAll(endpointMethods("platform"));
    assertFalse(methods.isEmpty());
    for (Method method : methods) {
      if (!method.isAnnotationPresent(RolesAllowed.class)
          && !method.getDeclaringClass().isAnnotationPresent(RolesAllowed.class)) {
        open.add(method.getDeclaringClass().getSimpleName() + "." + method.getName());
      }
    }
    assertEquals(List.of(), open);
  }

  /**
   * CONTRACT §11: every state-changing operation of the three APIs takes an Idempotency-Key: it is
   * {@code @Idempotent}, or (runs, whose claim is part of the accept function) reads the header
   * itself. IdempotencyEverywhereIT proves the behaviour of each one against the server.
   */
  @Test
  void everyStateChangingMethodTakesAnIdempotencyKey() throws Exception {
    List<String> unsafe = new ArrayList<>();
    List<Method> methods = new ArrayList<>(endpointMethods("v1"));
    methods.addAll(endpointMethods("console"));
    methods.addAll(endpointMethods("platform"));
    int changing = 0;
    for (Method method : methods) {
      if (Stream.of(POST.class, PUT.class, DELETE.class, PATCH.class)
          .noneMatch(method::isAnnotationPresent)) {
        continue;
      }
      changing++;
      boolean readsHeader =
          Stream.of(method.getParameters())
              .map(p -> p.getAnnotation(jakarta.ws.rs.HeaderParam.class))
              .anyMatch(h -> h != null && h.value().equals("Idempotency-Key"));
      if (!method.isAnnotationPresent(Idempotent.class) && !readsHeader) {
        unsafe.add(method.getDeclaringClass().getSimpleName() + "." + method.getName());
      }
    }
    assertTrue(changing >= 18, "found " + changing + " state-changing methods: scan broken?");
    assertEquals(List.of(), unsafe, "without @Idempotent");
  }

  /** CONTRACT §11: no console or platform endpoint escapes the per-user and per-org limits. */
  @Test
  void everyConsoleAndPlatformMethodIsRateLimited() throws Exception {
    List<String> unlimited = new ArrayList<>();
    List<Method> methods = new ArrayList<>(endpointMethods("console"));
    methods.addAll(endpointMethods("platform"));
    assertFalse(methods.isEmpty());
    for (Method method : methods) {
      if (Ring.binding(method, RateLimited.class) == null) {
        unlimited.add(method.getDeclaringClass().getSimpleName() + "." + method.getName());
      }
    }
    assertEquals(List.of(), unlimited);
  }

  /**
   * Every /v1 endpoint that uses a pool orgs share carries that pool's bulkhead: a streamed upload
   * (an {@code InputStream} body), a streamed download (any type but JSON), a run accept.
   */
  @Test
  void everySharedPoolEndpointIsBulkheaded() throws Exception {
    List<String> unguarded = new ArrayList<>();
    int found = 0;
    for (Method method : endpointMethods("v1")) {
      Optional<Kind> needed = sharedPool(method);
      if (needed.isEmpty()) {
        continue;
      }
      found++;
      Bulkheaded bulkheaded = method.getAnnotation(Bulkheaded.class);
      if (bulkheaded == null || bulkheaded.value() != needed.get()) {
        unguarded.add(
            method.getDeclaringClass().getSimpleName()
                + "."
                + method.getName()
                + " lacks @Bulkheaded(Kind."
                + needed.get()
                + ")");
      }
    }
    assertEquals(List.of(), unguarded);
    assertEquals(true, found >= 3, "found no upload, download and accept: is the scan broken?");
  }

  private static Optional<Kind> sharedPool(Method method) {
    if (Stream.of(method.getParameterTypes()).anyMatch(java.io.InputStream.class::equals)) {
      return Optional.of(Kind.UPLOADS);
    }
    jakarta.ws.rs.Produces produces = method.getAnnotation(jakarta.ws.rs.Produces.class);
    if (method.isAnnotationPresent(GET.class)
        && produces != null
        && Stream.of(produces.value()).noneMatch(t -> t.contains("json"))) {
      return Optional.of(Kind.DOWNLOADS);
    }
    jakarta.ws.rs.Path type = method.getDeclaringClass().getAnnotation(jakarta.ws.rs.Path.class);
    if (method.isAnnotationPresent(POST.class)
        && !method.isAnnotationPresent(jakarta.ws.rs.Path.class)
        && type.value().replaceFirst("^/", "").equals("v1/agents/runs")) {
      return Optional.of(Kind.ACCEPTS);
    }
    return Optional.empty();
  }

  static List<Method> endpointMethods(String pathPrefix)
      throws IOException, ClassNotFoundException {
    List<Method> methods = new ArrayList<>();
    Path classes = Path.of("target/classes");
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$"))
              .toList()) {
        String name =
            classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> type = Class.forName(name, false, GuardCoverageTest.class.getClassLoader());
        jakarta.ws.rs.Path path = type.getAnnotation(jakarta.ws.rs.Path.class);
        if (path != null && path.value().replaceFirst("^/", "").startsWith(pathPrefix)) {
          Stream.of(type.getDeclaredMethods())
              .filter(GuardCoverageTest::isEndpoint)
              .forEach(methods::add);
        }
      }
    }
    return methods;
  }

  private static boolean isEndpoint(Method method) {
    return Stream.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class)
            .anyMatch(method::isAnnotationPresent)
        || method.isAnnotationPresent(jakarta.ws.rs.Path.class);
  }
}
