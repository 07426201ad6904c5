package tech.eclips.workforce.problems.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {

  @Test
  void aCodeMeansOneStatusWhateverItsTitle() {
    Map<String, Integer> statusOf = new HashMap<>();
    for (ProblemType type : ProblemType.values()) {
      assertTrue(type.code().matches("[a-z]+(_[a-z]+)*"), type + " has a code clients can match");
      Integer earlier = statusOf.putIfAbsent(type.code(), type.status());
      assertEquals(earlier == null ? type.status() : earlier, type.status(), type.code());
    }
  }

  @Test
  void theContainersRefusalsKeepHttpsReasonPhrases() {
    assertEquals("Bad Request", ProblemType.http(400).orElseThrow().title());
    assertEquals("Request Entity Too Large", ProblemType.http(413).orElseThrow().title());
    assertEquals("Forbidden", ProblemType.http(403).orElseThrow().title());
    for (int status = 400; status < 600; status++) {
      int asked = status;
      ProblemType.http(status).ifPresent(type -> assertEquals(asked, type.status()));
    }
    assertTrue(ProblemType.http(418).isEmpty());
  }

  @Test
  void anUnlistedStatusHasNoType() {
    ApiProblem problem = ApiProblem.unlisted(418, "http_418", "HTTP 418", "no", Map.of());
    assertTrue(problem.type().isEmpty());
    assertEquals(
        ProblemType.RATE_LIMITED, Problems.rateLimited(3).type().orElseThrow(), "typed when made");
  }
}
