package tech.eclips.workforce.tools;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A webhook receiver's TLS: a self-signed EC certificate for one IP address made by the JDK's
 * keytool, the trust store holding it (which the server under test reads as {@code
 * eclips.webhooks.trust-store}), and the receiver's {@link SSLContext}. Shared by the fault run's
 * receiver and the ITs' receivers.
 */
public final class ReceiverCertificate {

  private ReceiverCertificate() {}

  /**
   * Makes the key pair and certificate in {@code directory} and the trust store at {@code trust}
   * (both replaced), and returns the receiver's TLS context.
   */
  public static SSLContext make(
      Path directory, Path trust, String address, String keyPassword, String trustPassword)
      throws Exception {
    Files.createDirectories(directory);
    Path keys = directory.resolve("receiver.p12");
    Path cert = directory.resolve("receiver.cer");
    for (Path old : List.of(keys, cert, trust)) {
      Files.deleteIfExists(old);
    }
    keytool(
        "-genkeypair",
        "-alias",
        "receiver",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + address,
        "-ext",
        "SAN=ip:" + address,
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keys.toString(),
        "-storepass",
        keyPassword,
        "-keypass",
        keyPassword);
    keytool(
        "-exportcert",
        "-alias",
        "receiver",
        "-keystore",
        keys.toString(),
        "-storepass",
        keyPassword,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "receiver",
        "-file",
        cert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trust.toString(),
        "-storepass",
        trustPassword);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keys)) {
      store.load(in, keyPassword.toCharArray());
    }
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, keyPassword.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);
    return context;
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
  }
}
