package tech.eclips.workforce.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentitySettingsRefusalTest {

  private static final Optional<String> LOCATION = Optional.of("/etc/eclips/idp.pem");

  @Test
  void productionWithoutIssuerAudienceOrKeyRefusesToStart() {
    List<String> nothing =
        new TokenSettings("", Set.of(), Optional.empty(), Optional.empty()).missing();
    assertEquals(3, nothing.size());
    assertTrue(IdentitySettingsRefusal.refuses(false, nothing));
    assertTrue(
        IdentitySettingsRefusal.refuses(
            false, new TokenSettings("", Set.of("app"), Optional.empty(), LOCATION).missing()));
    assertTrue(
        IdentitySettingsRefusal.refuses(
            false, new TokenSettings("idp", Set.of(), Optional.empty(), LOCATION).missing()));
    assertTrue(
        IdentitySettingsRefusal.refuses(
            false,
            new TokenSettings("idp", Set.of("app"), Optional.empty(), Optional.empty()).missing()));
  }

  @Test
  void productionWithAllThreeStarts() {
    assertFalse(
        IdentitySettingsRefusal.refuses(
            false, new TokenSettings("idp", Set.of("app"), Optional.empty(), LOCATION).missing()));
    assertFalse(
        IdentitySettingsRefusal.refuses(
            false,
            new TokenSettings("idp", Set.of("app"), Optional.of("-----BEGIN…"), Optional.empty())
                .missing()));
  }

  @Test
  void devModeIsExempt() {
    assertFalse(IdentitySettingsRefusal.refuses(true, List.of("mp.jwt.verify.issuer")));
  }

  @Test
  void theMessageNamesWhatIsMissing() {
    String message = IdentitySettingsRefusal.message(List.of("mp.jwt.verify.audiences"));
    assertTrue(message.startsWith("Refusing to start"));
    assertTrue(message.contains("mp.jwt.verify.audiences"));
  }

  @Test
  void aPlainHttpKeyUrlIsRefusedOutsideDevMode() {
    TokenSettings http =
        new TokenSettings(
            "idp", Set.of("app"), Optional.empty(), Optional.of("http://idp.example/jwks"));
    assertTrue(IdentitySettingsRefusal.refusesPlainHttp(false, http));
    assertTrue(
        IdentitySettingsRefusal.refusesPlainHttp(
            false,
            new TokenSettings(
                "idp", Set.of("app"), Optional.empty(), Optional.of("HTTP://idp.example/jwks"))));
    assertFalse(IdentitySettingsRefusal.refusesPlainHttp(true, http));
    assertFalse(
        IdentitySettingsRefusal.refusesPlainHttp(
            false,
            new TokenSettings(
                "idp", Set.of("app"), Optional.empty(), Optional.of("https://idp.example/jwks"))));
    assertFalse(
        IdentitySettingsRefusal.refusesPlainHttp(
            false, new TokenSettings("idp", Set.of("app"), Optional.empty(), LOCATION)));
  }
}
