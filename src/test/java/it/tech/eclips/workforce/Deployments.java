package it.tech.eclips.workforce;

import it.tech.eclips.workforce.harness.TestServer;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one place that deploys the application for a test, in one of two ways.
 *
 * <p>A black-box test class, which talks to the application over HTTP and reads its database, is
 * {@code @ExtendWith(Deployments.class)}: the WAR the build just produced (exactly what ships) is
 * deployed once for the whole run, on a server started for it before the first such class and
 * stopped after the last (as the Open Liberty guides run their suites). Redeploying it for each
 * class cost about 20 s a class.
 *
 * <p>A test whose code runs inside the server is {@link InContainer} and deploys {@link #war} with
 * the packages of its in-container code through Arquillian, in a failsafe execution of its own.
 */
public final class Deployments implements BeforeAllCallback {

  /** A loaded 2-core machine has taken over two minutes to start a server and the application. */
  private static final Duration START_WITHIN = Duration.ofMinutes(5);

  private static final ExtensionContext.Namespace RUN =
      ExtensionContext.Namespace.create(Deployments.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(RUN)
        .getOrComputeIfAbsent(
            TestServer.class,
            kind -> new Running(TestServer.current().startWith(built().toPath(), START_WITHIN)),
            Running.class);
  }

  /** Closed by JUnit when the run ends: the server stops. */
  private record Running(TestServer.Started server)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      server.close();
    }
  }

  /** For Arquillian (in-container tests only): the built WAR plus the named test packages. */
  public static WebArchive war(Class<?>... testPackageAnchors) {
    WebArchive war =
        ShrinkWrap.create(ZipImporter.class, "eclips-workforce.war")
            .importFrom(built())
            .as(WebArchive.class);
    // the annotations its test class carries: without them they would silently vanish in the server
    war.addClasses(Deployments.class, InContainer.class);
    for (Class<?> anchor : testPackageAnchors) {
      war.addPackage(anchor.getPackage());
    }
    return war;
  }

  private static File built() {
    return Path.of(System.getProperty("eclips.war", "target/eclips-workforce.war")).toFile();
  }
}
