package tech.eclips.workforce.documents.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tech.eclips.workforce.documents.entity.Document;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.problems.control.Problems;

/**
 * A document as an agent's input, for a run being accepted: it must be a live document of the
 * caller's org and mode (404 otherwise, before anything is charged); {@code document_classifier}
 * reads a text or JSON document's text, {@code invoice_processor} a JSON document's object.
 */
@Dependent
public class DocumentInputs {

  public static final String CLASSIFIER = "document_classifier";
  public static final String INVOICES = "invoice_processor";

  @Inject Documents documents;
  @Inject DocumentStore store;
  @Inject DocumentPolicy policy;

  /** The run's input: {@code given} if the request had one, else the document's content. */
  public JsonObject forRun(
      String documentId, boolean livemode, String agentType, Optional<JsonObject> given) {
    Document document =
        documents.find(documentId, livemode).orElseThrow(() -> Problems.notFound("document"));
    if (given.isPresent()) {
      return given.get();
    }
    DeclaredType type = new DeclaredType(document.contentType());
    if (agentType.equals(CLASSIFIER) && type.text()) {
      return JsonSupport.object().add("text", text(document)).build();
    }
    if (agentType.equals(INVOICES) && type.json()) {
      return jsonObject(text(document), agentType);
    }
    throw Problems.invalidRequest(
        "document_id",
        "is a " + document.contentType() + " document, which " + agentType + " cannot read");
  }

  /** Bounded by the upload limit, whatever the stored size says. */
  private String text(Document document) {
    try (InputStream in = store.read(document.id())) {
      int max = (int) Math.min(document.sizeBytes(), policy.maxBytes());
      return new String(in.readNBytes(max), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject jsonObject(String text, String agentType) {
    try (var reader = JsonSupport.reader(text)) {
      return reader.readObject();
    } catch (JsonException | ClassCastException | IllegalStateException e) {
      throw Problems.invalidRequest(
          "document_id", "is not a JSON object document, which " + agentType + " needs");
    }
  }
}
