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
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.ConsoleApi;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditFilter;
import tech.eclips.workforce.audit.control.AuditLog;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.control.ChainWalk.ChainVerification;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.ratelimit.boundary.CostlyCalls;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.Roles;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The console's audit log: list, verify the hash chain, export as JSON Lines or CSV. Verify and
 * export walk the whole log, so neither holds one transaction across it: each batch is read in its
 * own short transaction bound to the token's org ({@link AuditLogBatches}). Both, and lists
 * filtered by action or time, count against the org's lower limits of costly calls ({@link
 * CostlyCalls}) on top of the per-user and per-org ones. Every read is audited (CONTRACT §9:
 * console actions too), one entry per call whatever it returns, with the user as actor: lists and
 * exports in the call's transaction, verify in one of its own before its walk ({@link WalkAudit}).
 */
@Stateless
@ConsoleApi
@Path("console/v1/audit-log")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ConsoleAuditLogResource {

  @Inject AuditLog log;
  @Inject AuditLogBatches batches;
  @Inject ChainParts chain;
  @Inject AuditQueue queue;
  @Inject ConsoleUser user;
  @Inject CostlyCalls costly;
  @Inject AuditTrail audit;
  @Inject AuditEvents events;
  @Inject WalkAudit walkAudit;
  @Inject ExportSigner signer;

  /** Entries one verify call checks at most (and its {@code limit}'s ceiling). */
  @Inject
  @ConfigProperty(name = "eclips.audit.verify-max-entries", defaultValue = "10000")
  int verifyMax;

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
    AuditFilter filter = AuditFilter.of(from, to, action, startingAfter);
    Page page = Page.of(limit);
    if (filter.narrowed()) {
      costly.auditQuery(user.org());
    }
    JsonObject entries = AuditPages.newestFirst(log, page, filter);
    // one entry per page read, after the read: a page never shows the entry of its own reading
    audit.record(user.org(), read(AuditAction.AUDIT_LOG_LISTED));
    return entries;
  }

  /**
   * Walks the chain from its start (or the purge anchor, or {@code after_seq}) a batch at a time,
   * carrying the previous hash across batches, for at most {@code limit} entries: a longer chain is
   * verified over several calls, each answer saying {@code complete} and, if not, {@code
   * next_after_seq} to continue from. No transaction spans the walk: one over a long chain could
   * outlive its timeout. The org's own waiting entries are written first (never every org's), so
   * the walk covers what the org did up to the call.
   */
  @GET
  @Path("verify")
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  @APIResponse(
      responseCode = "200",
      description = "the result of walking the org's hash chain, or the next part of it",
      content = @Content(schema = @Schema(ref = "AuditChainVerification")))
  public JsonObject verify(
      @QueryParam("after_seq") String afterSeq, @QueryParam("limit") String limit) {
    OrgId org = user.org();
    int max = verifyLimit(limit);
    Optional<Long> after = afterSeq(afterSeq);
    costly.auditScan(org);
    queue.flush(org);
    walkAudit.record(org, read(AuditAction.AUDIT_LOG_VERIFIED));
    ChainParts.Part part = chain.verify(org, after, max);
    ChainVerification result = part.result();
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("object", "audit_chain_verification")
            .add("valid", result.valid())
            .add("complete", part.next() == null)
            .add("entries_checked", result.entriesChecked());
    JsonFields.add(json, "next_after_seq", part.next());
    JsonFields.add(json, "first_broken_seq", result.firstBrokenSeq());
    return JsonFields.add(json, "anchored_after_seq", result.anchoredAfterSeq()).build();
  }

  /** What the console user read: the org's audit log. */
  private AuditEvent read(AuditAction action) {
    return events.userAllowed(user.subject(), action, "audit_log", null);
  }

  private int verifyLimit(String limit) {
    if (limit == null || limit.isBlank()) {
      return verifyMax;
    }
    try {
      int value = Integer.parseInt(limit.trim());
      if (value >= 1 && value <= verifyMax) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Problems.invalidRequest("limit", "must be a whole number from 1 to " + verifyMax);
  }

  private static Optional<Long> afterSeq(String afterSeq) {
    if (afterSeq == null || afterSeq.isBlank()) {
      return Optional.empty();
    }
    try {
      long value = Long.parseLong(afterSeq.trim());
      if (value >= 0) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Problems.invalidRequest("after_seq", "must be a whole number, 0 or more");
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
      @QueryParam("action") String action,
      @QueryParam("checkpoints") String checkpoints) {
    boolean csv = "csv".equals(format);
    if (format != null && !csv && !"jsonl".equals(format)) {
      throw Problems.invalidRequest("format", "must be jsonl or csv");
    }
    AuditFilter filter = AuditFilter.of(from, to, action, null);
    boolean anchored = anchored(checkpoints, csv, filter);
    costly.auditScan(user.org());
    // committed with this method's transaction, before a byte is streamed: the export holds it too
    audit.record(user.org(), read(AuditAction.AUDIT_LOG_EXPORTED));
    return Response.ok(
            new AuditExport(
                batches,
                user.org(),
                filter,
                csv,
                anchored ? signer.of(user.org()) : Optional.empty()),
            csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
        .header(
            "Content-Disposition",
            "attachment; filename=\"audit-log." + (csv ? "csv" : "jsonl") + "\"")
        .build();
  }

  /**
   * {@code checkpoints=true}: the whole log as JSON Lines with its signed checkpoints, for the
   * offline verifier; a filtered or CSV file cannot be checked link by link, so it is refused.
   */
  private static boolean anchored(String checkpoints, boolean csv, AuditFilter filter) {
    if (checkpoints == null || "false".equals(checkpoints)) {
      return false;
    }
    if (!"true".equals(checkpoints)) {
      throw Problems.invalidRequest("checkpoints", "must be true or false");
    }
    if (csv || filter.narrowed()) {
      throw Problems.invalidRequest(
          "checkpoints", "needs the whole log as JSON Lines: no format=csv, from, to or action");
    }
    return true;
  }
}
