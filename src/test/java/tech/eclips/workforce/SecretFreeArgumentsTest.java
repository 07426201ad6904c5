package tech.eclips.workforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Resource methods are EJB boundaries, and Liberty writes an EJB method's String arguments in full
 * into an FFDC incident when its transaction fails at commit. So no endpoint takes a request body
 * or a header as a String (they come as {@code JsonBody} and {@code IdempotencyKey}); path and
 * query parameters (ids, filters) may stay Strings. KeySecrecyIT shows the incident; this keeps a
 * new endpoint from bringing it back.
 */
class SecretFreeArgumentsTest {

  private static final Set<Class<? extends Annotation>> NOT_THE_BODY =
      Set.of(
          PathParam.class,
          QueryParam.class,
          HeaderParam.class,
          CookieParam.class,
          MatrixParam.class,
          FormParam.class,
          BeanParam.class,
          Context.class);

  @Test
  void noEndpointTakesABodyOrAHeaderAsAString() throws Exception {
    List<Method> methods = new ArrayList<>(GuardCoverageTest.endpointMethods("v1"));
    methods.addAll(GuardCoverageTest.endpointMethods("console"));
    methods.addAll(GuardCoverageTest.endpointMethods("platform"));
    assertFalse(methods.isEmpty(), "found no resource methods: is the scan broken?");
    List<String> offenders = new ArrayList<>();
    for (Method method : methods) {
      for (Parameter parameter : method.getParameters()) {
        boolean body = NOT_THE_BODY.stream().noneMatch(parameter::isAnnotationPresent);
        boolean header = parameter.isAnnotationPresent(HeaderParam.class);
        if ((body || header) && parameter.getType() == String.class) {
          offenders.add(method.getDeclaringClass().getSimpleName() + "." + method.getName());
        }
      }
    }
    assertEquals(List.of(), offenders);
  }
}
