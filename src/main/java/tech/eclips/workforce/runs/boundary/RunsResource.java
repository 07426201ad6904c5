package tech.eclips.workforce.runs.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.json.Page;
import tech.eclips.workforce.keys.boundary.Authenticated;
import tech.eclips.workforce.keys.boundary.RequiresScope;
import tech.eclips.workforce.keys.control.CurrentCaller;
import tech.eclips.workforce.plans.boundary.PlanGated;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.ratelimit.boundary.RateLimited;
import tech.eclips.workforce.runs.entity.AgentRun;
import tech.eclips.workforce.tenancy.control.TenantContext;

/** Reading agent runs: one by id, or a page of the newest first. Another org's run is 404. */
@Stateless
@Path("v1/agents/runs")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@RequiresScope("runs:read")
@RateLimited
@PlanGated
public class RunsResource {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject CurrentCaller caller;
  @Inject TenantContext tenant;

  @GET
  @Path("{id}")
  public JsonObject get(@PathParam("id") String id) {
    tenant.enter(caller.required().org());
    AgentRun run = Ids.uuid(id).map(uuid -> em.find(AgentRun.class, uuid)).orElse(null);
    if (run == null) {
      throw Problems.notFound("agent run");
    }
    return RunJson.of(run);
  }

  @GET
  public JsonObject list(@QueryParam("limit") String limit, @QueryParam("starting_after") String startingAfter) {
    Page page = Page.of(limit);
    tenant.enter(caller.required().org());
    TypedQuery<AgentRun> query;
    if (startingAfter == null) {
      query = em.createQuery("SELECT r FROM AgentRun r ORDER BY r.createdAt DESC, r.id DESC", AgentRun.class);
    } else {
      AgentRun cursor = Ids.uuid(startingAfter).map(uuid -> em.find(AgentRun.class, uuid))
          .orElseThrow(() -> Problems.invalidRequest("starting_after", "is not a run of yours"));
      query = em.createQuery("SELECT r FROM AgentRun r WHERE r.createdAt < :at OR (r.createdAt = :at AND r.id < :id)"
              + " ORDER BY r.createdAt DESC, r.id DESC", AgentRun.class)
          .setParameter("at", cursor.createdAt())
          .setParameter("id", cursor.id());
    }
    return page.toJson(query.setMaxResults(page.fetchSize()).getResultList(), RunJson::of);
  }

}
