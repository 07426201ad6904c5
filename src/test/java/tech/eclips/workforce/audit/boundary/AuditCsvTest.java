package tech.eclips.workforce.audit.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditCsvTest {

  @Test
  void quotesAndDefusesFormulas() {
    assertEquals("plain", AuditJson.csvField("plain"));
    assertEquals("\"a,b\"", AuditJson.csvField("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", AuditJson.csvField("say \"hi\""));
    assertEquals("'=HYPERLINK(1)", AuditJson.csvField("=HYPERLINK(1)"));
    assertEquals("'-1", AuditJson.csvField("-1"));
    assertEquals("'\tcmd", AuditJson.csvField("\tcmd"));
  }

  /** Every line break is quoted, not only the first (a regex once stopped at the second). */
  @Test
  void aCellWithSeveralLineBreaksStaysOneCell() {
    assertEquals("\"a\nb\nc\"", AuditJson.csvField("a\nb\nc"));
    assertEquals("\"a\r\nb\"", AuditJson.csvField("a\r\nb"));
  }

  /** Cells are the stored values: a backslash or a quote is not exported as a JSON escape. */
  @Test
  void cellsAreTheValuesNotTheirJson() {
    List<String> cells = new ArrayList<>(Collections.nCopies(AuditJson.CSV_COLUMNS.size(), null));
    cells.set(0, "C:\\temp\\x");
    cells.set(1, "agent \"007\"");
    cells.set(2, "caf\u00e9\u0001");
    assertEquals(
        "C:\\temp\\x,\"agent \"\"007\"\"\",caf\u00e9\u0001"
            + ",".repeat(AuditJson.CSV_COLUMNS.size() - 3)
            + "\r\n",
        AuditJson.csvLine(cells));
    assertThrows(IllegalArgumentException.class, () -> AuditJson.csvLine(List.of("one")));
  }
}
