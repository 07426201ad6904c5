package tech.eclips.workforce.audit.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.audit.control.AuditFilter;
import tech.eclips.workforce.audit.control.AuditLog;
import tech.eclips.workforce.audit.control.AuditQueue;
import tech.eclips.workforce.audit.control.ChainWalk;
import tech.eclips.workforce.audit.control.ChainWalk.ChainVerification;
import tech.eclips.workforce.audit.entity.AuditEntry;
import tech.eclips.workforce.identity.control.ConsoleUser;
import tech.eclips.workforce.identity.control.Roles;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.tenancy.boundary.TenantBound;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The console's audit log: list, verify the hash chain, export as JSON Lines or CSV. Verify and
 * export walk the whole log, so neither holds one transaction across it: each batch is read in its
 * own short transaction bound to the token's org ({@link AuditLogBatches}).
 */
@Stateless
@TenantBound
@Path("console/v1/audit-log")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ConsoleAuditLogResource {

  @Inject AuditLog log;
  @Inject AuditLogBatches batches;
  @Inject AuditQueue queue;
  @Inject ConsoleUser user;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "entries within the plan's retention, newest first",
      content = @Content(schema = @Schema(ref = "AuditEntryList")))
  public JsonObject list(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("action") String action,
      @QueryParam("limit") String limit,
      @QueryParam("starting_after") String startingAfter) {
    return AuditPages.newestFirst(
        log, Page.of(limit), AuditFilter.of(from, to, action, startingAfter));
  }

  /**
   * Walks the chain from its start (or the purge anchor) a batch at a time, carrying the previous
   * hash across batches. No transaction spans the walk: one over a long chain could outlive its
   * timeout, and nothing here can fail as a client error.
   */
  @GET
  @Path("verify")
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  @APIResponse(
      responseCode = "200",
      description = "the result of walking the org's hash chain",
      content = @Content(schema = @Schema(ref = "AuditChainVerification")))
  public JsonObject verify() {
    queue.flush();
    ChainVerification result = walk(user.org());
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("object", "audit_chain_verification")
            .add("valid", result.valid())
            .add("entries_checked", result.entriesChecked());
    JsonFields.add(json, "first_broken_seq", result.firstBrokenSeq());
    return JsonFields.add(json, "anchored_after_seq", result.anchoredAfterSeq()).build();
  }

  private ChainVerification walk(OrgId org) {
    ChainWalk walk = new ChainWalk(batches.anchor(org));
    while (true) {
      List<AuditEntry> batch = batches.chainFrom(org, walk.nextSeq());
      Optional<ChainVerification> broken = walk.check(batch);
      if (broken.isPresent()) {
        return broken.get();
      }
      if (batch.size() < AuditLog.BATCH) {
        return walk.intact();
      }
    }
  }

  /**
   * {@code format=jsonl} (default) or {@code format=csv}; same filters as the list. Parameters are
   * checked and the org taken in the method's own transaction, which ends when it returns (a 400
   * rolls back a real transaction, where an unspecified context would log an incident); the file is
   * streamed afterwards.
   */
  @GET
  @Path("export")
  @Produces({"application/x-ndjson", "text/csv"})
  @APIResponse(
      responseCode = "200",
      description = "every entry in seq order, streamed: JSON Lines or CSV",
      content = {
        @Content(
            mediaType = "application/x-ndjson",
            schema = @Schema(type = SchemaType.STRING, description = "one AuditEntry per line")),
        @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING))
      })
  public Response export(
      @QueryParam("format") String format,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("action") String action) {
    boolean csv = "csv".equals(format);
    if (format != null && !csv && !"jsonl".equals(format)) {
      throw Problems.invalidRequest("format", "must be jsonl or csv");
    }
    AuditFilter filter = AuditFilter.of(from, to, action, null);
    return Response.ok(
            new AuditExport(batches, user.org(), filter, csv),
            csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
        .header(
            "Content-Disposition",
            "attachment; filename=\"audit-log." + (csv ? "csv" : "jsonl") + "\"")
        .build();
  }
}
