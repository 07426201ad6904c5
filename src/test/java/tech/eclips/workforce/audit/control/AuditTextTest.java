package tech.eclips.workforce.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditOutcome;

class AuditTextTest {

  @Test
  void replacesWhatJsonbAndUtf8CannotHold() {
    assertEquals("a\uFFFDb", AuditText.storable("a\0b"));
    assertEquals("\uFFFDx\uFFFD", AuditText.storable("\uD800x\uDC00"));
    assertEquals("end\uFFFD", AuditText.storable("end\uD83D"));
  }

  @Test
  void leavesValidTextAloneSoStoredEntriesStillVerify() {
    String text = "ok \u0001 \u001f \uD83D\uDCA9 é";
    assertEquals(text, AuditText.storable(text));
    assertEquals(text, AuditText.storable(AuditText.storable(text)));
    assertNull(AuditText.storable(null));
  }

  @Test
  void everyEventIsStorable() {
    AuditEvent event =
        new AuditEvent(
            ActorType.USER,
            "u",
            null,
            "a",
            "r",
            "id\0",
            AuditOutcome.ALLOWED,
            null,
            "req",
            "1.2.3.4",
            "ua\0",
            1);
    assertEquals("id\uFFFD", event.resourceId());
    assertEquals("ua\uFFFD", event.userAgent());
  }

  @Test
  void boundsWithoutSplittingAPair() {
    assertEquals("abc", AuditText.bounded("abcdef", 3));
    assertEquals("ab", AuditText.bounded("ab\uD83D\uDCA9", 3));
    assertEquals("ab", AuditText.bounded("ab", 3));
  }
}
