package tech.eclips.workforce.documents.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.UUID;
import tech.eclips.workforce.json.JsonText;

/**
 * What a run made from a document shows as its {@code input} to a reader who may not read the
 * document (a key without {@code documents:read}), and what it keeps once the document is deleted:
 * {@code {"document_id": …}}, and for an invoice its {@code vendor} and {@code invoice_number},
 * which its output shows anyway and the duplicate-invoice check of later runs needs. After a delete
 * it also says {@code "document_deleted": true}, which tells the executor that a run still waiting
 * has nothing left to read. Nothing else of the document's content.
 */
public final class DocumentReference {

  public static final String DELETED = "document_deleted";

  /**
   * The same as {@link #json} on an {@code agent_runs} row whose document is deleted, in SQL: from
   * the columns the database derives from the input (V15), so the duplicate check is unchanged.
   */
  static final String OF_DELETED_RUN =
      "jsonb_strip_nulls(jsonb_build_object('document_id', CAST(document_id AS text),"
          + " 'vendor', invoice_vendor, 'invoice_number', invoice_number, '"
          + DELETED
          + "', true))";

  private DocumentReference() {}

  /** The reference as JSON text; vendor and invoice number are null for other agents' runs. */
  public static String json(UUID document, String vendor, String invoiceNumber) {
    StringBuilder json = new StringBuilder(128).append('{');
    JsonText.field(json, "document_id", document.toString());
    if (vendor != null) {
      JsonText.field(json.append(','), "vendor", vendor);
    }
    if (invoiceNumber != null) {
      JsonText.field(json.append(','), "invoice_number", invoiceNumber);
    }
    return json.append('}').toString();
  }

  /** A run's input that its document's deletion replaced: the agent has nothing to read. */
  public static boolean deleted(JsonObject input) {
    return input.get(DELETED) == JsonValue.TRUE && input.containsKey("document_id");
  }
}
