package tech.eclips.workforce.documents.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import tech.eclips.workforce.TenantBound;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.documents.control.Documents;
import tech.eclips.workforce.documents.control.StagedUpload;
import tech.eclips.workforce.documents.entity.Document;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.requests.control.Caller;

/**
 * The one transaction of an upload, begun only once the whole body is staged and checked: the
 * document's row, its chunks and its audit entry commit together or not at all, and the connection
 * is held only for as long as the database takes to write them.
 */
@Stateless
@TenantBound
public class DocumentIntake {

  @Inject Documents documents;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;

  /**
   * {@link Idempotent}: the upload's Idempotency-Key is claimed here, in this transaction, and
   * matched on the digest the staging took while the body streamed in ({@link StagedUpload}).
   */
  @Idempotent
  public Response store(Caller who, StagedUpload staged) {
    Document document = documents.create(staged, who.mode().livemode());
    audit.record(
        who.org(),
        events.key(
            who,
            AuditAction.DOCUMENT_UPLOADED,
            "document",
            document.id(),
            AuditOutcome.ALLOWED,
            null));
    return Response.created(URI.create("/v1/documents/" + document.id()))
        .entity(DocumentJson.of(document))
        .build();
  }
}
