package tech.eclips.workforce.documents.boundary;

import jakarta.json.JsonObject;
import java.util.HexFormat;
import tech.eclips.workforce.documents.entity.Document;
import tech.eclips.workforce.json.JsonSupport;

/** A document as the API shows it: its metadata, never its content. */
final class DocumentJson {

  private DocumentJson() {}

  static JsonObject of(Document document) {
    return JsonSupport.object()
        .add("id", document.id().toString())
        .add("object", "document")
        .add("name", document.name())
        .add("content_type", document.contentType())
        .add("size", document.sizeBytes())
        .add("sha256", HexFormat.of().formatHex(document.sha256()))
        .add("livemode", document.livemode())
        .add("created_at", document.createdAt().toInstant().toString())
        .build();
  }

  /** The strong entity tag of a download: the content's SHA-256. */
  static String etag(Document document) {
    return "\"" + HexFormat.of().formatHex(document.sha256()) + "\"";
  }
}
