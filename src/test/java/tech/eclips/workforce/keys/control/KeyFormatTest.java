package tech.eclips.workforce.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.keys.entity.KeyMode;

class KeyFormatTest {

  private final KeyMint mint = new KeyMint();

  @Test
  void mintedKeysHaveTheContractsShapeAndPassTheirChecksum() {
    for (KeyMode mode : KeyMode.values()) {
      MintedKey key = mint.mint(mode);
      assertTrue(key.plaintext().matches(mode.prefix() + "[0-9A-Za-z]{46}"), key.plaintext());
      assertEquals(Optional.of(mode), KeyFormat.check(key.plaintext()));
      assertEquals(32, key.digest().length);
    }
  }

  @Test
  void anyChangedCharacterFailsTheChecksum() {
    String key = mint.mint(KeyMode.LIVE).plaintext();
    for (int i = 9; i < key.length(); i++) {
      char original = key.charAt(i);
      char other = original == 'a' ? 'b' : 'a';
      String typo = key.substring(0, i) + other + key.substring(i + 1);
      assertEquals(Optional.empty(), KeyFormat.check(typo), typo);
    }
  }

  @Test
  void malformedInputIsRejectedWithoutExceptions() {
    for (String bad :
        new String[] {
          null,
          "",
          "eck_live_",
          "eck_prod_" + "a".repeat(46),
          "eck_live_" + "a".repeat(20),
          "eck_live_" + "a".repeat(200),
          "eck_live_" + "-".repeat(46),
          " eck_live_" + "a".repeat(46)
        }) {
      assertEquals(Optional.empty(), KeyFormat.check(bad), String.valueOf(bad));
    }
  }

  @Test
  void keysAreDistinctAndHintsShowOnlyPrefixAndTail() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertTrue(seen.add(mint.mint(KeyMode.TEST).plaintext()));
    }
    MintedKey key = mint.mint(KeyMode.TEST);
    assertEquals(
        key.plaintext().substring(0, 9)
            + "…"
            + key.plaintext().substring(key.plaintext().length() - 4),
        key.hint());
    assertEquals(key.hint(), key.toString());
    assertNotEquals(key.plaintext(), key.toString());
  }

  @Test
  void base62ChecksumIsSixCharactersForEveryCrc() {
    assertEquals("000000", KeyFormat.base62(0, 6));
    assertEquals(6, KeyFormat.base62(0xFFFFFFFFL, 6).length());
    assertEquals("4gfFC3", KeyFormat.base62(0xFFFFFFFFL, 6));
  }
}
