package tech.eclips.workforce.documents.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.ConsoleApi;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.documents.control.Documents;
import tech.eclips.workforce.documents.entity.Document;
import tech.eclips.workforce.events.control.EventLog;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.Roles;
import tech.eclips.workforce.tenancy.entity.OrgId;

/** The console's view of the org's documents, of both modes: members list, admins delete. */
@Stateless
@ConsoleApi
@Path("console/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ConsoleDocumentsResource {

  @Inject ConsoleUser user;
  @Inject Documents documents;
  @Inject EventLog eventLog;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "the org's documents of both modes, newest first",
      content = @Content(schema = @Schema(ref = "DocumentList")))
  public JsonObject list(
      @QueryParam("limit") String limit, @QueryParam("starting_after") String startingAfter) {
    Page page = Page.of(limit);
    return page.toJson(
        documents.cursor(startingAfter, null),
        (cursor, max) -> documents.page(null, cursor, max),
        DocumentJson::of);
  }

  @DELETE
  @Idempotent
  @Path("{id}")
  @RolesAllowed(Roles.ORG_ADMIN)
  @APIResponse(responseCode = "204", description = "deleted")
  public Response delete(@PathParam("id") String id) {
    OrgId org = user.org();
    Document document = documents.find(id, null).orElseThrow(() -> Problems.notFound("document"));
    JsonObject deleted = DocumentJson.of(document);
    documents.delete(document);
    eventLog.emit(EventType.DOCUMENT_DELETED, document.livemode(), deleted);
    audit.record(
        org,
        events.userAllowed(
            user.subject(), AuditAction.DOCUMENT_DELETED, "document", document.id()));
    return Response.noContent().build();
  }
}
