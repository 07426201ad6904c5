package tech.eclips.workforce.webhooks.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates a delivery trusts: the JDK's CAs, or instead the PKCS12 trust store an operator
 * names ({@code eclips.webhooks.trust-store}: receivers behind a private CA; the tests' receiver).
 * The store is read again when its file changes, so it can be replaced without a restart.
 */
@ApplicationScoped
public class DeliveryTls {

  @Inject DeliverySettings settings;

  private record Loaded(FileTime modified, SSLSocketFactory factory) {}

  private volatile Loaded loaded;

  public SSLSocketFactory factory() throws IOException {
    if (settings.trustStore().isEmpty()) {
      return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }
    Path store = Path.of(settings.trustStore().get());
    FileTime modified = Files.getLastModifiedTime(store);
    Loaded current = loaded;
    if (current == null || !current.modified().equals(modified)) {
      current = new Loaded(modified, load(store));
      loaded = current;
    }
    return current.factory();
  }

  private SSLSocketFactory load(Path store) throws IOException {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(in, settings.trustStorePassword());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IOException("the webhook trust store cannot be used", e);
    }
  }
}
