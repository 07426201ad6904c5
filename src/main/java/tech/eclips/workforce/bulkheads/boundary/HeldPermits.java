package tech.eclips.workforce.bulkheads.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import java.util.ArrayList;
import java.util.List;
import tech.eclips.workforce.bulkheads.control.Permit;

/**
 * The request's bulkhead permits, given back when the request ends: after a streamed response body
 * has been written (or the client went away), which is later than the resource method returns.
 */
@RequestScoped
public class HeldPermits {

  private final List<Permit> held = new ArrayList<>();

  void hold(Permit permit) {
    held.add(permit);
  }

  @PreDestroy
  void releaseAll() {
    held.forEach(Permit::close);
    held.clear();
  }
}
