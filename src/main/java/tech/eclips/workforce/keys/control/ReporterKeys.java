package tech.eclips.workforce.keys.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.problems.control.RedactedFailure;

/**
 * The public keys of the secret-scanning partners whose leak reports we believe, in the format
 * GitHub publishes them ({@code GET https://api.github.com/meta/public_keys/secret_scanning}:
 * {@code {"public_keys": [{"key_identifier", "key" (PEM), "is_current"}]}}), from the file named by
 * {@code ECLIPS_KEYS_LEAK_REPORTS_PUBLIC_KEYS_FILE}. The file is read for each report (reports are
 * rare, and an operator replaces the file to rotate keys without a restart); at most {@link
 * #MAX_FILE_BYTES}. A report verifies when its signature (ECDSA with SHA-256, DER, Base64) is valid
 * for the raw body under the key its identifier names.
 */
@ApplicationScoped
public class ReporterKeys {

  static final int MAX_FILE_BYTES = 64 * 1024;
  static final int MAX_HEADER = 1_024;

  private static final Logger LOG = Logger.getLogger(ReporterKeys.class.getName());

  @Inject
  @ConfigProperty(name = "eclips.keys.leak-reports.public-keys-file")
  Optional<String> file;

  /** Reports can be verified at all: a key file is configured. */
  public boolean configured() {
    return file.filter(f -> !f.isBlank()).isPresent();
  }

  /** The body is signed by the named reporter key; a missing or malformed part is simply false. */
  public boolean verify(byte[] body, String keyIdentifier, String signature) {
    if (!configured()) {
      throw Problems.leakReportsNotConfigured();
    }
    if (keyIdentifier == null
        || signature == null
        || keyIdentifier.length() > MAX_HEADER
        || signature.length() > MAX_HEADER) {
      return false;
    }
    return key(keyIdentifier).map(key -> verifies(key, body, signature)).orElse(false);
  }

  static boolean verifies(PublicKey key, byte[] body, String signature) {
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initVerify(key);
      ecdsa.update(body);
      return ecdsa.verify(Base64.getDecoder().decode(signature.strip()));
    } catch (GeneralSecurityException | IllegalArgumentException invalid) {
      return false;
    }
  }

  private Optional<PublicKey> key(String identifier) {
    JsonObject keys = read();
    JsonValue list = keys.get("public_keys");
    if (!(list instanceof JsonArray array)) {
      return Optional.empty();
    }
    return array.stream()
        .filter(v -> v instanceof JsonObject)
        .map(JsonValue::asJsonObject)
        .filter(k -> identifier.equals(k.getString("key_identifier", null)))
        .map(k -> k.getString("key", null))
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .flatMap(ReporterKeys::publicKey);
  }

  private JsonObject read() {
    try (InputStream in = Files.newInputStream(Path.of(file.orElseThrow()))) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
      }
      try (var reader = JsonSupport.reader(new String(bytes, StandardCharsets.UTF_8))) {
        return reader.readObject();
      }
    } catch (IOException | JsonException | ClassCastException unreadable) {
      LOG.log(Level.WARNING, "leak-report key file unreadable", RedactedFailure.of(unreadable));
      throw Problems.leakReportsNotConfigured();
    }
  }

  /** A PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) of an EC key. */
  static Optional<PublicKey> publicKey(String pem) {
    String base64 =
        pem.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    try {
      return Optional.of(
          KeyFactory.getInstance("EC")
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64))));
    } catch (GeneralSecurityException | IllegalArgumentException invalid) {
      return Optional.empty();
    }
  }
}
