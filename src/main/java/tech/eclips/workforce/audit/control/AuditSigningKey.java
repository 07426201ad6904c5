package tech.eclips.workforce.audit.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import tech.eclips.workforce.identity.control.DevKeyRefusal;

/**
 * The key that signs audit checkpoints: Ed25519, from the server's configuration ({@code
 * eclips.audit.signing-key}, base64 of the PKCS#8 private key, or {@code
 * eclips.audit.signing-key-file}, a file holding that text or its PEM form), never from the
 * database, so no database role can sign a checkpoint. Dev mode without a configured key signs with
 * the public DEV-ONLY key below; production refuses to start with it ({@link
 * AuditSigningKeyRefusal}) and, without any key, writes no checkpoints.
 */
@ApplicationScoped
public class AuditSigningKey {

  public static final String KEY_PROPERTY = "eclips.audit.signing-key";
  public static final String FILE_PROPERTY = "eclips.audit.signing-key-file";

  /** DEV-ONLY, public (PKCS#8 Ed25519): refused outside dev mode. */
  static final String DEV_ONLY_KEY =
      "MC4CAQAwBQYDK2VwBCIEINu94innv8Q8qk+6mYA041re5rXlLMaoIR+veAJcyLtC";

  /** The key and what identifies it; the private half never leaves this class. */
  record Loaded(PrivateKey secret, PublicKey open, String id) {}

  private Optional<Loaded> key = Optional.empty();

  @PostConstruct
  void configure() {
    key = configuredText(ConfigProvider.getConfig()).map(AuditSigningKey::load);
  }

  /** For tests: this key instead of the configuration's. */
  void configureWith(String text) {
    key = Optional.of(load(text));
  }

  /** The configured key's text, the dev key in dev mode, or nothing. */
  static Optional<String> configuredText(Config config) {
    return config
        .getOptionalValue(KEY_PROPERTY, String.class)
        .or(() -> config.getOptionalValue(FILE_PROPERTY, String.class).map(AuditSigningKey::read))
        .or(() -> DevKeyRefusal.isDevMode(config) ? Optional.of(DEV_ONLY_KEY) : Optional.empty());
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(FILE_PROPERTY + " cannot be read");
    }
  }

  /**
   * An Ed25519 private key from base64 PKCS#8 (PEM armour allowed), naming the property on error.
   */
  static Loaded load(String text) {
    String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      PrivateKey secret =
          KeyFactory.getInstance("Ed25519")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      PublicKey open = publicOf((EdECPrivateKey) secret);
      return new Loaded(secret, open, idOf(open));
    } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
      throw new IllegalStateException(
          KEY_PROPERTY
              + " is not an Ed25519 private key (base64 PKCS#8, as openssl genpkey writes)");
    }
  }

  /** Is this key text the DEV-ONLY key? */
  static boolean isDevKey(String text) {
    return load(text).id().equals(load(DEV_ONLY_KEY).id());
  }

  public boolean configured() {
    return key.isPresent();
  }

  public String keyId() {
    return key.orElseThrow().id();
  }

  /** The public key, base64 of its X.509 encoding, for exports and the verifier. */
  public String publicKey() {
    return Base64.getEncoder().encodeToString(key.orElseThrow().open().getEncoded());
  }

  public byte[] sign(byte[] message) {
    try {
      Signature ed25519 = Signature.getInstance("Ed25519");
      ed25519.initSign(key.orElseThrow().secret());
      ed25519.update(message);
      return ed25519.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  static String idOf(PublicKey open) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(open.getEncoded());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The JDK derives no public key from a private one; its Ed25519 generator takes the private key's
   * 32 bytes from the random source it is given, so one that hands over the configured key's bytes
   * generates the configured pair.
   */
  private static PublicKey publicOf(EdECPrivateKey secret) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    generator.initialize(
        NamedParameterSpec.ED25519, new FixedSeed(secret.getBytes().orElseThrow()));
    return generator.generateKeyPair().getPublic();
  }

  /** Hands the generator exactly the configured private key's 32 bytes. */
  private static final class FixedSeed extends SecureRandom {
    private final byte[] seed;

    FixedSeed(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
    }
  }
}
