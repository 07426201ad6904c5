package tech.eclips.workforce.webhooks.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import tech.eclips.workforce.identity.control.DevKeyRefusal;
import tech.eclips.workforce.problems.control.Problems;

/**
 * Seals webhook signing secrets with AES-256-GCM under a key from the server's configuration
 * ({@code eclips.webhooks.secret-key}, base64 of 32 bytes; env {@code ECLIPS_WEBHOOKS_SECRET_KEY}),
 * which no database role can read: a dump of {@code webhook_endpoints} holds only ciphertext. The
 * associated data binds each sealed secret to its org and endpoint, so a row's ciphertext copied
 * into another row does not open there.
 *
 * <p>Dev mode without a configured key uses the public DEV-ONLY key below; production refuses to
 * start with it ({@link WebhookKeyRefusal}) and, without any key, refuses to create or rotate
 * endpoints (503 {@code webhooks_not_configured}) rather than store secrets under a known key.
 */
@ApplicationScoped
public class SecretBox {

  public static final String KEY_PROPERTY = "eclips.webhooks.secret-key";

  /** DEV-ONLY, public: refused outside dev mode. */
  static final String DEV_ONLY_KEY = "REVWLU9OTFkgd2ViaG9vayBrZXksIG5ldmVyIHByb2Q=";

  static final byte FORMAT = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Optional<SecretKey> key = Optional.empty();

  public SecretBox() {}

  SecretBox(byte[] keyBytes) {
    this.key = Optional.of(aesKey(keyBytes));
  }

  @PostConstruct
  void configure() {
    Config config = ConfigProvider.getConfig();
    Optional<String> configured = config.getOptionalValue(KEY_PROPERTY, String.class);
    key =
        configured
            .or(
                () ->
                    DevKeyRefusal.isDevMode(config) ? Optional.of(DEV_ONLY_KEY) : Optional.empty())
            .map(SecretBox::decodeKey)
            .map(SecretBox::aesKey);
  }

  /** A 32-byte key in base64, or an exception that names the property (never its value). */
  static byte[] decodeKey(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(KEY_PROPERTY + " is not base64");
    }
    if (bytes.length != 32) {
      throw new IllegalStateException(
          KEY_PROPERTY + " must be 32 bytes (base64 of 32 random bytes)");
    }
    return bytes;
  }

  private static SecretKey aesKey(byte[] bytes) {
    return new SecretKeySpec(bytes, "AES");
  }

  /** {@code 1 || nonce(12) || ciphertext || tag(16)}. */
  public byte[] seal(SigningSecret secret, UUID org, UUID endpoint) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] plain = secret.bytes();
    try {
      byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, org, endpoint).doFinal(plain);
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
          .put(FORMAT)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  public SigningSecret open(byte[] sealed, UUID org, UUID endpoint) {
    if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT) {
      throw new IllegalStateException("not a sealed webhook secret");
    }
    byte[] nonce = Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES);
    try {
      byte[] plain =
          cipher(Cipher.DECRYPT_MODE, nonce, org, endpoint)
              .doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
      try {
        return SigningSecret.ofBytes(plain);
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a webhook secret does not open under the configured key", e);
    }
  }

  private Cipher cipher(int mode, byte[] nonce, UUID org, UUID endpoint)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        mode,
        key.orElseThrow(Problems::webhooksNotConfigured),
        new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(
        ("eclips webhook secret " + org + " " + endpoint).getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
