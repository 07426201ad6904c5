package tech.eclips.workforce.agents.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class DocumentClassifierTest {

  private final DocumentClassifier agent = new DocumentClassifier();

  private JsonObject classify(String text) {
    return agent.run(Json.createObjectBuilder().add("text", text).build(), null).output();
  }

  @Test
  void theLabelWithMostMatchedTermsWins() {
    JsonObject invoice =
        classify(
            "INVOICE number 42. Bill to: Acme. Amount due: 100 EUR, VAT included. Payment terms 30 days.");
    assertEquals("invoice", invoice.getString("label"));
    // invoice, invoice number, bill to, amount due, vat, payment terms: 6 of 6 matches -> 6 / 7
    assertEquals(6, invoice.getJsonArray("matched_terms").size());
    assertEquals("0.86", invoice.getJsonNumber("confidence").toString());
  }

  @Test
  void wholeWordsOnlyAndNothingIsOther() {
    JsonObject other = classify("Invoicing is a chore; the weather is nice.");
    assertEquals("other", other.getString("label"));
    assertEquals("0", other.getJsonNumber("confidence").toString());
  }

  @Test
  void tiesGoToTheLabelListedFirst() {
    assertEquals("invoice", classify("invoice receipt").getString("label"));
    assertEquals("0.33", classify("invoice receipt").getJsonNumber("confidence").toString());
  }
}
