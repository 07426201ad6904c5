package tech.eclips.workforce.keys.boundary;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Ring 2: the caller's key must hold this scope (a code such as {@code "runs:write"}). On a method
 * it wins over the class. {@link #ANY} marks an endpoint every valid key may call.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {

  String ANY = "*";

  @Nonbinding
  String value();
}
