package tech.eclips.workforce.keys.boundary;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import tech.eclips.workforce.keys.entity.Scope;

/**
 * Ring 2: the caller's key must hold this scope ({@code @RequiresScope(Scope.RUNS_WRITE)}). On a
 * method it wins over the class. {@code @RequiresScope(any = true)} marks an endpoint every valid
 * key may call; {@code GuardCoverageTest} holds every use to exactly one of the two.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {

  /** How guards that are read as text (the OpenAPI document, the matrix) name "any scope". */
  String ANY = "*";

  /** The scope the key must hold (every one, if several are ever listed). */
  @Nonbinding
  Scope[] value() default {};

  /** Any valid key may call it: no scope is checked. */
  @Nonbinding
  boolean any() default false;
}
