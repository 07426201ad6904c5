package tech.eclips.workforce.keys.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import tech.eclips.workforce.keys.entity.KeyMode;

/** Makes new keys: 40 base62 characters from a CSPRNG (about 238 bits), then the checksum. */
@ApplicationScoped
public class KeyMint {

  private final SecureRandom random = new SecureRandom();

  public MintedKey mint(KeyMode mode) {
    StringBuilder key = new StringBuilder(mode.prefix());
    for (int i = 0; i < KeyFormat.RANDOM_LENGTH; i++) {
      key.append(KeyFormat.BASE62.charAt(random.nextInt(KeyFormat.BASE62.length())));
    }
    key.append(KeyFormat.checksum(key.toString()));
    String plaintext = key.toString();
    return new MintedKey(plaintext, KeyDigest.of(plaintext), KeyDigest.hint(plaintext));
  }
}
