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
import tech.eclips.workforce.json.JsonLimits;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.limits.control.Utf8Text;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.Problems;

/**
 * A document as an agent's input, for a run being accepted: it must be a live document of the
 * caller's org and mode (404 otherwise, before anything is charged); {@code document_classifier}
 * reads a text or JSON document's text, {@code invoice_processor} a JSON document's object. Either
 * is bounded as a request body is ({@link JsonLimits}), before any tree is built.
 */
@Dependent
public class DocumentInputs {

  public static final String CLASSIFIER = "document_classifier";
  public static final String INVOICES = "invoice_processor";

  @Inject Documents documents;
  @Inject DocumentStore store;

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
      return jsonObject(document, agentType);
    }
    throw Problems.invalidRequest(
        "document_id",
        "is a " + document.contentType() + " document, which " + agentType + " cannot read");
  }

  /**
   * A run's input obeys the bounds of a body whatever its source (CONTRACT §11): at most 1 MiB is
   * read (one byte more shows it is too large), never the whole 10 MiB upload.
   */
  private String text(Document document) {
    try (InputStream in = store.read(document.id())) {
      byte[] bytes = in.readNBytes(JsonLimits.MAX_BYTES + 1);
      if (bytes.length > JsonLimits.MAX_BYTES) {
        throw tooLarge();
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (!Utf8Text.valid(text)) {
        throw Problems.invalidRequest(
            "document_id",
            "is a document whose text holds a NUL character, which a run cannot take");
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checked while streaming, before the tree is built: size, depth, node count, text, numbers. */
  private JsonObject jsonObject(Document document, String agentType) {
    String text;
    try (InputStream in = store.read(document.id())) {
      text = JsonLimits.read(in, "input");
    } catch (JsonLimits.Exceeded e) {
      throw Problems.invalidRequest(
          "document_id",
          "is a document a run cannot take as its input: "
              + (e.path() == null ? "" : e.path() + " ")
              + e.getMessage());
    } catch (JsonException e) {
      throw notAnObject(agentType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (var reader = JsonSupport.reader(text)) {
      return reader.readObject();
    } catch (JsonException | ClassCastException | IllegalStateException e) {
      throw notAnObject(agentType);
    }
  }

  private static ApiProblem tooLarge() {
    return Problems.invalidRequest(
        "document_id",
        "is a document larger than "
            + JsonLimits.MAX_BYTES
            + " bytes, the most a run's input may be (1 MiB, as a request body)");
  }

  private static ApiProblem notAnObject(String agentType) {
    return Problems.invalidRequest(
        "document_id", "is not a JSON object document, which " + agentType + " needs");
  }
}
