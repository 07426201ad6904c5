package tech.eclips.workforce.tenancy.boundary;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Optional;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.TenantBound;
import tech.eclips.workforce.bulkheads.boundary.ConnectionShares;
import tech.eclips.workforce.credits.control.CreditLevels;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

@TenantBound
@Interceptor
@Priority(Ring.TENANT)
public class TenantBoundInterceptor {

  @Inject RequestContext request;
  @Inject ConsoleUser user;
  @Inject TenantContext tenant;
  @Inject ConnectionShares connections;
  @Inject CreditLevels levels;
  @Resource TransactionSynchronizationRegistry transactions;

  /**
   * Without a transaction there is no connection to bind (the setting lives as long as the
   * transaction); a method that reads no org data, like {@code /v1/me}, then costs no round trip.
   * Should such a method ever query, the unbound connection sees no rows under RLS. Binding takes
   * the transaction's connection, so the org's share of the pool is taken first (429 beyond it).
   */
  @AroundInvoke
  public Object bind(InvocationContext invocation) throws Exception {
    if (transactions.getTransactionKey() != null
        && !invocation.getMethod().isAnnotationPresent(BindsTenantOnFirstUse.class)) {
      Optional<OrgId> key = request.authenticatedCaller().map(Caller::org);
      OrgId org = key.orElseGet(user::org);
      connections.holdForTransaction(org);
      if (key.isPresent() && levels.recent(org).isEmpty()) {
        // every /v1 answer reports the org's credits: without a recent reading on this node, they
        // are read in the binding's own statement (CreditFields keeps the reading)
        request.credits(tenant.enterReadingCredits(org));
      } else {
        tenant.enter(org);
      }
    }
    return invocation.proceed();
  }
}
