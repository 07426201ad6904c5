package it.tech.eclips.workforce;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose code runs inside the server (Arquillian, with its {@code @Deployment} built by
 * {@link Deployments#war}). Arquillian starts a server of its own for it, so these classes run in
 * their own failsafe execution (pom.xml, {@value #TAG}), never beside the black-box classes'
 * server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(InContainer.TAG)
@ExtendWith(ArquillianExtension.class)
public @interface InContainer {
  String TAG = "in-container";
}
