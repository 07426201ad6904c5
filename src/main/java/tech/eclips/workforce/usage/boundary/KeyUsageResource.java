package tech.eclips.workforce.usage.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import tech.eclips.workforce.ConsoleApi;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.json.JsonFields;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.keys.entity.ApiKey;
import tech.eclips.workforce.keys.entity.Scope;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.Roles;
import tech.eclips.workforce.usage.control.UsageReads;
import tech.eclips.workforce.usage.control.UsageReads.Hour;

/**
 * A key's usage for the console, from the rollup (never the audit log): requests per hour by the
 * scope their endpoint needs and by outcome over at most 30 days, distinct client addresses and the
 * last use; and the scopes it used in the last 30 days, with the narrower set the console offers to
 * apply through the key's PATCH (which audits the change).
 */
@Stateless
@ConsoleApi
@Path("console/v1/api-keys/{id}/usage")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.ORG_MEMBER})
public class KeyUsageResource {

  static final int MAX_HOURS = 720;
  static final int EVIDENCE_DAYS = 30;

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject UsageReads reads;

  @GET
  @APIResponse(
      responseCode = "200",
      description = "the key's requests per hour, route class and outcome over the window",
      content = @Content(schema = @Schema(ref = "ApiKeyUsage")))
  public JsonObject usage(@PathParam("id") String id, @QueryParam("hours") String hours) {
    ApiKey key = find(id);
    int window = hours(hours);
    Instant since = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(window - 1));
    long[] totals = new long[5];
    JsonArrayBuilder data = JsonSupport.array();
    for (Hour hour : reads.hours(key.id(), since)) {
      long[] row = {hour.allowed(), hour.refused(), hour.limited(), hour.payment(), hour.failed()};
      for (int i = 0; i < totals.length; i++) {
        totals[i] += row[i];
      }
      data.add(
          counts(JsonSupport.object(), row)
              .add("hour", hour.hour().toString())
              .add("route_class", hour.routeClass())
              .add("addresses", hour.addresses()));
    }
    JsonObjectBuilder json =
        JsonSupport.object()
            .add("object", "api_key_usage")
            .add("api_key_id", key.id().toString())
            .add("hours", window)
            .add("since", since.toString())
            .add("totals", counts(JsonSupport.object(), totals))
            .add("distinct_addresses", reads.addresses(key.id(), since));
    var last = reads.lastUse(key.id());
    JsonFields.add(json, "last_used_at", last.map(l -> l.at().toString()).orElse(null));
    JsonFields.add(json, "last_used_address", last.map(UsageReads.LastUse::address).orElse(null));
    return json.add("data", data).build();
  }

  /**
   * The scopes the key holds, those it used in the last 30 days (got past the scope check of an
   * endpoint needing them), and the suggestion: the held scopes it used. Empty when it used none,
   * which the console shows as "unused: consider revoking" rather than as a set to apply.
   */
  @GET
  @Path("scopes")
  @APIResponse(
      responseCode = "200",
      description = "the scopes the key holds and used in the last 30 days, and a narrower set",
      content = @Content(schema = @Schema(ref = "ApiKeyScopeUsage")))
  public JsonObject scopes(@PathParam("id") String id) {
    ApiKey key = find(id);
    Instant since =
        Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(EVIDENCE_DAYS));
    Set<String> granted = codes(key.scopes());
    Set<String> used = new TreeSet<>();
    for (String routeClass : reads.usedRouteClasses(key.id(), since)) {
      Scope.fromCode(routeClass).ifPresent(s -> used.add(s.code()));
    }
    Set<String> suggested = new TreeSet<>(granted);
    suggested.retainAll(used);
    Set<String> unused = new TreeSet<>(granted);
    unused.removeAll(used);
    return JsonSupport.object()
        .add("object", "api_key_scope_usage")
        .add("api_key_id", key.id().toString())
        .add("days", EVIDENCE_DAYS)
        .add("since", since.toString())
        .add("granted", array(granted))
        .add("used", array(used))
        .add("unused", array(unused))
        .add("suggested", array(suggested))
        .add("narrower", !suggested.isEmpty() && suggested.size() < granted.size())
        .build();
  }

  private static JsonObjectBuilder counts(JsonObjectBuilder json, long[] values) {
    return json.add("allowed", values[0])
        .add("refused", values[1])
        .add("limited", values[2])
        .add("payment", values[3])
        .add("failed", values[4]);
  }

  private static Set<String> codes(Set<Scope> scopes) {
    Set<String> codes = new TreeSet<>();
    scopes.forEach(s -> codes.add(s.code()));
    return codes;
  }

  private static JsonArrayBuilder array(Set<String> values) {
    JsonArrayBuilder array = JsonSupport.array();
    List.copyOf(values).forEach(array::add);
    return array;
  }

  private static int hours(String hours) {
    if (hours == null || hours.isBlank()) {
      return 24;
    }
    try {
      int value = Integer.parseInt(hours.trim());
      if (value >= 1 && value <= MAX_HOURS) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Problems.invalidRequest("hours", "must be a whole number from 1 to " + MAX_HOURS);
  }

  private ApiKey find(String id) {
    ApiKey key = Ids.uuid(id).map(uuid -> em.find(ApiKey.class, uuid)).orElse(null);
    if (key == null) {
      throw Problems.notFound("API key");
    }
    return key;
  }
}
