package tech.eclips.workforce.problems.boundary;

import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;
import tech.eclips.workforce.problems.control.RedactedFailure;

/**
 * The default interceptor of every EJB ({@code WEB-INF/ejb-jar.xml}), outermost: a JDBC or JPA
 * failure leaves a boundary as a {@link RedactedFailure}, never as itself. An unchecked exception
 * that reaches the EJB container is written to messages.log (CNTR0020E) and to an FFDC incident
 * with its whole message, and a database failure's message can quote the client's row or input. The
 * redacted one is an application exception: the transaction still rolls back, the caller still sees
 * a failure (a request a 500 {@code internal_error}, the executor a failed batch), and the
 * container writes nothing. A failure at commit, after the method returned, is beyond any
 * interceptor; there {@code logServerErrorDetail=false} on the datasources keeps the row out.
 */
public class PersistenceFailures {

  @AroundInvoke
  public Object redact(InvocationContext invocation) throws Exception {
    try {
      return invocation.proceed();
    } catch (RuntimeException e) {
      if (RedactedFailure.fromTheDatabase(e)) {
        throw RedactedFailure.of(e);
      }
      throw e;
    }
  }
}
