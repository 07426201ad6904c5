package tech.eclips.workforce.audit.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringWriter;
import tech.eclips.workforce.audit.control.AuditFilter;
import tech.eclips.workforce.audit.control.AuditLog;
import tech.eclips.workforce.audit.control.AuditLog.ChainVerification;
import tech.eclips.workforce.audit.control.AuditQueue;
import tech.eclips.workforce.identity.control.Roles;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.tenancy.boundary.TenantBound;

/** The console's audit log: list, verify the hash chain, export as JSON Lines or CSV. */
@Stateless
@TenantBound
@Path("console/v1/audit-log")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class ConsoleAuditLogResource {

  @Inject AuditLog log;
  @Inject AuditQueue queue;

  @GET
  public JsonObject list(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("action") String action,
      @QueryParam("limit") String limit,
      @QueryParam("starting_after") String startingAfter) {
    Page page = Page.of(limit);
    AuditFilter filter = AuditFilter.of(from, to, action, startingAfter);
    return page.toJson(log.page(filter, page.fetchSize()), AuditJson::of);
  }

  @GET
  @Path("verify")
  public JsonObject verify() {
    queue.flush();
    ChainVerification result = log.verify();
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("object", "audit_chain_verification")
            .add("valid", result.valid())
            .add("entries_checked", result.entriesChecked());
    JsonFields.add(json, "first_broken_seq", result.firstBrokenSeq());
    return JsonFields.add(json, "anchored_after_seq", result.anchoredAfterSeq()).build();
  }

  /** {@code format=jsonl} (default) or {@code format=csv}; same filters as the list. */
  @GET
  @Path("export")
  @Produces({"application/x-ndjson", "text/csv"})
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
    StringWriter out = new StringWriter();
    if (csv) {
      out.write(String.join(",", AuditJson.CSV_COLUMNS) + "\r\n");
    }
    log.forEachOldestFirst(
        filter, entry -> out.write(csv ? AuditJson.csvRow(entry) : AuditJson.of(entry) + "\n"));
    return Response.ok(out.toString(), csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
        .header(
            "Content-Disposition",
            "attachment; filename=\"audit-log." + (csv ? "csv" : "jsonl") + "\"")
        .build();
  }
}
