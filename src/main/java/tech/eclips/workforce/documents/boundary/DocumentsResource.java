package tech.eclips.workforce.documents.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.PublicApi;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.bulkheads.boundary.Bulkheaded;
import tech.eclips.workforce.bulkheads.control.Kind;
import tech.eclips.workforce.documents.control.DeclaredType;
import tech.eclips.workforce.documents.control.DocumentNames;
import tech.eclips.workforce.documents.control.DocumentStore;
import tech.eclips.workforce.documents.control.Documents;
import tech.eclips.workforce.documents.control.StagedUpload;
import tech.eclips.workforce.documents.control.UploadStaging;
import tech.eclips.workforce.documents.entity.Document;
import tech.eclips.workforce.events.control.EventLog;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.idempotency.boundary.Idempotent;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.keys.boundary.RequiresScope;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.RequestContext;

/**
 * The key's documents in the key's mode: upload (the body is the file, streamed), list, read,
 * download, delete. Another org's or the other mode's document is 404.
 */
@Stateless
@Path("v1/documents")
@Produces(MediaType.APPLICATION_JSON)
@PublicApi
@RequiresScope(Scope.DOCUMENTS_READ)
public class DocumentsResource {

  @Inject RequestContext request;
  @Inject Documents documents;
  @Inject EventLog eventLog;
  @Inject DocumentStore store;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;
  @Inject UploadStaging staging;
  @Inject DocumentIntake intake;

  /**
   * No transaction while the client sends: the body is staged to a temporary file (413, 415 and the
   * hash on the way), then {@link DocumentIntake} stores it in one short transaction. A slow client
   * so holds an upload permit of its own org (429 beyond its share), never a connection.
   */
  @POST
  @Idempotent(claimedByCallee = true)
  @Consumes(MediaType.WILDCARD)
  @RequiresScope(Scope.DOCUMENTS_WRITE)
  @Bulkheaded(Kind.UPLOADS)
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  @RequestBody(
      required = true,
      description =
          "the file itself (not multipart); at most 10 MiB of an allowed type whose bytes match it",
      // generated clients send the first type unless told otherwise (docs/api.md, "Generated
      // clients"): JSON, the one every client can build
      content = {
        @Content(
            mediaType = "application/json",
            schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(
            mediaType = "application/pdf",
            schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(
            mediaType = "image/png",
            schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(
            mediaType = "image/jpeg",
            schema = @Schema(type = SchemaType.STRING, format = "binary")),
        @Content(
            mediaType = "text/plain",
            schema = @Schema(type = SchemaType.STRING, format = "binary"))
      })
  @APIResponse(
      responseCode = "201",
      description = "stored",
      content = @Content(schema = @Schema(ref = "Document")),
      headers = @Header(name = "Location", ref = "Location"))
  public Response upload(
      @QueryParam("name") String name, @Context HttpHeaders headers, InputStream body) {
    Caller who = request.caller();
    try (StagedUpload staged =
        staging.stage(
            name,
            headers.getHeaderString(HttpHeaders.CONTENT_TYPE),
            headers.getHeaderString(HttpHeaders.CONTENT_LENGTH),
            body)) {
      return intake.store(who, staged);
    }
  }

  @GET
  @APIResponse(
      responseCode = "200",
      description = "the caller's mode's documents, newest first",
      content = @Content(schema = @Schema(ref = "DocumentList")))
  public JsonObject list(
      @QueryParam("limit") String limit, @QueryParam("starting_after") String startingAfter) {
    Page page = Page.of(limit);
    boolean livemode = request.caller().mode().livemode();
    return page.toJson(
        documents.cursor(startingAfter, livemode),
        (cursor, max) -> documents.page(livemode, cursor, max),
        DocumentJson::of);
  }

  @GET
  @Path("{id}")
  @APIResponse(
      responseCode = "200",
      description = "the document's metadata",
      content = @Content(schema = @Schema(ref = "Document")))
  public JsonObject get(@PathParam("id") String id) {
    return DocumentJson.of(found(id));
  }

  /**
   * The exact bytes, written after this transaction commits, each further chunk read in a short
   * transaction of its own: a slow reader holds a download permit of its org while it reads, and a
   * connection only for the moment one chunk takes to read. (Chunk by chunk rather than spooled to
   * a file first: nothing to clean up, no disk per download, and the first byte leaves at once.)
   * Never sniffed or cached by the client.
   */
  @GET
  @Path("{id}/content")
  @Produces(MediaType.WILDCARD)
  @Bulkheaded(Kind.DOWNLOADS)
  @APIResponse(
      responseCode = "200",
      description = "the exact bytes, with the type they were uploaded as",
      content =
          @Content(
              mediaType = "*/*",
              schema = @Schema(type = SchemaType.STRING, format = "binary")),
      headers = {
        @Header(name = "ETag", ref = "ETag"),
        @Header(name = "Content-Disposition", ref = "Content-Disposition")
      })
  public Response content(@PathParam("id") String id) {
    Caller who = request.caller();
    Document document = found(id);
    DocumentStore.Download download =
        store.download(who.org(), document.id(), document.sizeBytes());
    recordAudit(who, AuditAction.DOCUMENT_DOWNLOADED, document);
    StreamingOutput body = download::writeTo;
    return Response.ok(body, DeclaredType.served(document.contentType()))
        .header(HttpHeaders.CONTENT_LENGTH, document.sizeBytes())
        .header(HttpHeaders.ETAG, DocumentJson.etag(document))
        .header("Content-Disposition", DocumentNames.contentDisposition(document.name()))
        .header("X-Content-Type-Options", "nosniff")
        .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
        .build();
  }

  @DELETE
  @Idempotent
  @Path("{id}")
  @RequiresScope(Scope.DOCUMENTS_WRITE)
  @APIResponse(responseCode = "204", description = "deleted")
  public Response delete(@PathParam("id") String id) {
    Document document = found(id);
    JsonObject deleted = DocumentJson.of(document);
    documents.delete(document);
    eventLog.emit(EventType.DOCUMENT_DELETED, document.livemode(), deleted);
    recordAudit(request.caller(), AuditAction.DOCUMENT_DELETED, document);
    return Response.noContent().build();
  }

  private Document found(String id) {
    return documents
        .find(id, request.caller().mode().livemode())
        .orElseThrow(() -> Problems.notFound("document"));
  }

  private void recordAudit(Caller who, AuditAction action, Document document) {
    audit.record(
        who.org(), events.key(who, action, "document", document.id(), AuditOutcome.ALLOWED, null));
  }
}
