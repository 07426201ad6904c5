package tech.eclips.workforce.agents.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvoiceProcessorTest {

  private final InvoiceProcessor agent = new InvoiceProcessor();

  private static AgentContext context(boolean seen) {
    return new AgentContext() {
      @Override
      public boolean invoiceSeenBefore(String vendor, String invoiceNumber, UUID exceptRun) {
        return seen;
      }

      @Override
      public UUID runId() {
        return UUID.randomUUID();
      }
    };
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  private static List<String> codes(AgentResult result) {
    return result.output().getJsonArray("exceptions").stream()
        .map(e -> e.asJsonObject().getString("code"))
        .sorted()
        .toList();
  }

  @Test
  void computesExactlyAndRoundsHalfEvenOnlyAtTheEnd() {
    JsonObject input =
        json(
            "{\"vendor\":\"V\",\"invoice_number\":\"1\",\"currency\":\"EUR\",\"issue_date\":\"2026-01-01\","
                + "\"lines\":[{\"quantity\":\"0.1\",\"unit_price\":\"0.1\"},{\"quantity\":3,\"unit_price\":\"0.335\"}],\"tax_rate\":\"0.19\"}");
    AgentResult result = agent.run(input, context(false));
    assertFalse(result.hasExceptions());
    assertEquals(
        "1.02",
        result.output().getJsonNumber("subtotal").toString()); // 0.01 + 1.005 = 1.015 -> 1.02
    assertEquals("0.19", result.output().getJsonNumber("tax").toString()); // 1.015 * 0.19 = 0.19285
    assertEquals("1.21", result.output().getJsonNumber("total").toString());
  }

  @Test
  void yenHasNoMinorUnits() {
    JsonObject input =
        json(
            "{\"vendor\":\"V\",\"invoice_number\":\"1\",\"currency\":\"JPY\",\"issue_date\":\"2026-01-01\","
                + "\"lines\":[{\"quantity\":1,\"unit_price\":\"100.5\"}],\"total\":100}");
    AgentResult result = agent.run(input, context(false));
    assertEquals("100", result.output().getJsonNumber("total").toString());
    assertFalse(
        result.hasExceptions(), "100.5 rounds half-even to 100, which matches the given total");
  }

  @Test
  void reportsEveryKindOfException() {
    JsonObject input =
        json(
            "{\"vendor\":\"V\",\"invoice_number\":\"1\",\"currency\":\"EUR\",\"issue_date\":\"2026-02-01\","
                + "\"due_date\":\"2026-01-01\",\"lines\":[{\"quantity\":-1,\"unit_price\":5}],\"total\":5}");
    AgentResult result = agent.run(input, context(true));
    assertTrue(result.hasExceptions());
    assertEquals(
        List.of(
            "due_before_issue", "duplicate_invoice_number", "negative_amount", "total_mismatch"),
        codes(result));
    assertEquals(
        List.of(
            "missing_field", "missing_field", "missing_field", "missing_field", "missing_field"),
        codes(agent.run(json("{}"), context(false))));
  }

  @Test
  void refusesMalformedInputAndAbsurdNumbers() {
    assertEquals(
        List.of("input.currency", "input.issue_date", "input.lines[0].quantity", "input.total"),
        agent
            .validate(
                json(
                    "{\"currency\":\"xx\",\"issue_date\":\"tomorrow\",\"total\":\"lots\","
                        + "\"lines\":[{\"quantity\":\"1e999999\",\"unit_price\":1}]}"))
            .stream()
            .map(e -> e.field())
            .sorted()
            .toList());
    assertTrue(agent.validate(json("{\"lines\":[]}")).isEmpty());
  }
}
