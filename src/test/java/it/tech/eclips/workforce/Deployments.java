package it.tech.eclips.workforce;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one builder of test deployments: the WAR the build just produced (exactly what ships), plus
 * the packages of in-container test code that a test names.
 */
public final class Deployments {

  private Deployments() {}

  public static WebArchive war(Class<?>... testPackageAnchors) {
    File built = new File(System.getProperty("eclips.war", "target/eclips-workforce.war"));
    WebArchive war =
        ShrinkWrap.create(ZipImporter.class, "eclips-workforce.war")
            .importFrom(built)
            .as(WebArchive.class);
    war.addClass(Deployments.class);
    for (Class<?> anchor : testPackageAnchors) {
      war.addPackage(anchor.getPackage());
    }
    return war;
  }
}
