package tech.eclips.workforce.idempotency.boundary;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.ws.rs.PathParam;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Optional;
import java.util.UUID;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.idempotency.control.Idempotency;
import tech.eclips.workforce.idempotency.control.IdempotencyScope;
import tech.eclips.workforce.idempotency.control.PlatformIdempotency;
import tech.eclips.workforce.idempotency.control.StoredReply;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.orgs.entity.Organization;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Claims the request's {@code Idempotency-Key} before an {@link Idempotent} method runs and stores
 * its reply after, or answers the stored reply instead of running it. Where the key is unique:
 *
 * <ul>
 *   <li>/v1: the key's org and mode, as for runs;
 *   <li>/console: the user's org, with the user's identity part of the request the key is matched
 *       on, so one user never receives another's reply (409 instead);
 *   <li>/platform on an org ({@code {id}}): that org's records, scope {@code platform}, with the
 *       operator's identity part of the request;
 *   <li>/platform on no org yet: the platform's own records ({@link PlatformIdempotency}).
 * </ul>
 *
 * In the first three the claim and the reply are written in the method's own transaction (the
 * tenant bound, ring step 5, just before), so they commit with the operation or not at all.
 */
@Idempotent
@Interceptor
@Priority(Ring.IDEMPOTENCY)
public class IdempotentInterceptor {

  static final String HEADER = "Idempotency-Key";

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject HttpServletRequest http;
  @Inject RequestContext request;
  @Inject ConsoleUser user;
  @Inject Idempotency records;
  @Inject PlatformIdempotency platformRecords;
  @Inject TenantContext tenant;
  @Resource TransactionSynchronizationRegistry transactions;

  @AroundInvoke
  public Object claimOrReplay(InvocationContext invocation) throws Exception {
    String key = http.getHeader(HEADER);
    Idempotency.checkKey(key);
    Idempotent how = binding(invocation.getMethod());
    if (key == null || how.claimedByCallee()) {
      return invocation.proceed();
    }
    Optional<Caller> caller = request.authenticatedCaller();
    if (caller.isPresent()) {
      return inTransaction(
          invocation, how, IdempotencyScope.forMode(caller.get().mode().livemode()), key, "");
    }
    String actor = "user " + user.subject();
    if (!http.getRequestURI().startsWith(http.getContextPath() + "/platform/")) {
      return inTransaction(invocation, how, IdempotencyScope.CONSOLE, key, actor);
    }
    Optional<UUID> org = pathId(invocation);
    if (org.isEmpty()) {
      return onPlatform(invocation, how, key, actor);
    }
    requireTransaction(invocation);
    tenant.enter(new OrgId(org.get()));
    if (em.find(Organization.class, org.get()) == null) {
      return invocation.proceed(); // the method answers 404; nothing to remember
    }
    return inTransaction(invocation, how, IdempotencyScope.PLATFORM, key, actor);
  }

  private Object inTransaction(
      InvocationContext invocation,
      Idempotent how,
      IdempotencyScope scope,
      String key,
      String actor)
      throws Exception {
    requireTransaction(invocation);
    Optional<StoredReply> stored =
        records.claim(scope, key, RequestFingerprint.of(http, actor, invocation.getParameters()));
    if (stored.isPresent()) {
      return replay(invocation.getMethod(), how, stored.get());
    }
    Object result = invocation.proceed();
    records.remember(scope, key, Replies.toStore(result, how.revealsSecret()));
    return result;
  }

  private Object onPlatform(InvocationContext invocation, Idempotent how, String key, String actor)
      throws Exception {
    byte[] fingerprint = RequestFingerprint.of(http, actor, invocation.getParameters());
    Optional<StoredReply> stored = platformRecords.claim(key, fingerprint);
    if (stored.isPresent()) {
      return replay(invocation.getMethod(), how, stored.get());
    }
    Object result;
    try {
      result = invocation.proceed();
    } catch (Exception | Error e) {
      platformRecords.release(key, fingerprint);
      throw e;
    }
    platformRecords.remember(key, fingerprint, Replies.toStore(result, how.revealsSecret()));
    return result;
  }

  private Object replay(Method method, Idempotent how, StoredReply stored) {
    request.markReplayed();
    return Replies.replay(method.getReturnType(), stored, how.revealsSecret());
  }

  private void requireTransaction(InvocationContext invocation) {
    if (transactions.getTransactionKey() == null) {
      throw new IllegalStateException(
          invocation.getMethod()
              + " is @Idempotent without a transaction: claim in the boundary that starts one");
    }
  }

  /** The org a platform operation names in its path ({@code {id}}), when it names one. */
  private static Optional<UUID> pathId(InvocationContext invocation) {
    Parameter[] parameters = invocation.getMethod().getParameters();
    for (int i = 0; i < parameters.length; i++) {
      PathParam path = parameters[i].getAnnotation(PathParam.class);
      if (path != null && path.value().equals("id")) {
        Object value = invocation.getParameters()[i];
        return value == null ? Optional.empty() : Ids.uuid(value.toString());
      }
    }
    return Optional.empty();
  }

  private static Idempotent binding(Method method) {
    Idempotent own = method.getAnnotation(Idempotent.class);
    return own != null ? own : method.getDeclaringClass().getAnnotation(Idempotent.class);
  }
}
