package tech.eclips.workforce.audit.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AuditCsvTest {

  @Test
  void quotesAndDefusesFormulas() {
    assertEquals("plain", AuditJson.csvField("plain"));
    assertEquals("\"a,b\"", AuditJson.csvField("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", AuditJson.csvField("say \"hi\""));
    assertEquals("'=HYPERLINK(1)", AuditJson.csvField("=HYPERLINK(1)"));
    assertEquals("'-1", AuditJson.csvField("-1"));
  }
}
