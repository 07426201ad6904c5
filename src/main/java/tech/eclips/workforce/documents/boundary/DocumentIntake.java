package tech.eclips.workforce.documents.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.documents.control.Documents;
import tech.eclips.workforce.documents.control.StagedUpload;
import tech.eclips.workforce.documents.entity.Document;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.tenancy.boundary.TenantBound;

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

  public Document store(Caller who, StagedUpload staged) {
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
    return document;
  }
}
