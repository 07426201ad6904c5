package it.tech.eclips.workforce;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that takes minutes by design: it lays out and starts servers of its own (a package
 * install, two nodes, a fault run with kills and restarts) and needs no shared one. Run in
 * failsafe's own execution ({@value #TAG}, pom.xml), after the fast ones, so their failures are
 * seen first.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Slow.TAG)
public @interface Slow {
  String TAG = "slow";
}
