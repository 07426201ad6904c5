package tech.eclips.workforce.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import tech.eclips.workforce.keys.control.PresentedKey.Absent;
import tech.eclips.workforce.keys.control.PresentedKey.Candidate;
import tech.eclips.workforce.keys.control.PresentedKey.Unusable;

class PresentedKeyTest {

  @Test
  void readsEitherHeader() {
    assertEquals(new Candidate("k1"), PresentedKey.from("Bearer k1", null));
    assertEquals(new Candidate("k1"), PresentedKey.from("bearer   k1 ", null));
    assertEquals(new Candidate("k2"), PresentedKey.from(null, "k2"));
    assertEquals(new Candidate("k3"), PresentedKey.from("Bearer k3", "k3"));
  }

  @Test
  void nothingIsAbsent() {
    assertInstanceOf(Absent.class, PresentedKey.from(null, null));
    assertInstanceOf(Absent.class, PresentedKey.from("  ", ""));
  }

  @Test
  void disagreementOrAnotherSchemeIsUnusable() {
    assertInstanceOf(Unusable.class, PresentedKey.from("Bearer a", "b"));
    assertInstanceOf(Unusable.class, PresentedKey.from("Basic dXNlcg==", null));
    assertInstanceOf(Unusable.class, PresentedKey.from("Bearer", null));
    assertInstanceOf(Unusable.class, PresentedKey.from("Basic dXNlcg==", "k"));
  }
}
