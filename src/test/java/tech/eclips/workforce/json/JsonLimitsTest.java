package tech.eclips.workforce.json;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.stream.JsonParsingException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.FieldError;

class JsonLimitsTest {

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  @Test
  void thirtyTwoLevelsPassAndThirtyThreeDoNot() {
    assertDoesNotThrow(() -> JsonLimits.check(nested(32)));
    assertDoesNotThrow(() -> JsonLimits.check("{\"a\":" + nested(31) + "}"));
    ApiProblem deep = assertThrows(ApiProblem.class, () -> JsonLimits.check(nested(33)));
    assertEquals(400, deep.status());
    assertEquals("invalid_request", deep.code());
  }

  @Test
  void fiveThousandLevelsAreRefusedWithoutOverflowingTheStack() {
    String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
    assertThrows(ApiProblem.class, () -> JsonLimits.check(deep));
    ApiProblem viaRequest =
        assertThrows(ApiProblem.class, () -> JsonRequest.parse(deep, Set.of("a")));
    assertEquals(400, viaRequest.status());
  }

  @Test
  void nulAndLoneSurrogatesAreRefusedInNamesAndValues() {
    assertThrows(ApiProblem.class, () -> JsonLimits.check("{\"name\":\"a\\u0000b\"}"));
    assertThrows(ApiProblem.class, () -> JsonLimits.check("{\"a\\u0000\":1}"));
    assertThrows(ApiProblem.class, () -> JsonLimits.check("[\"\\ud800\"]"));
    assertDoesNotThrow(() -> JsonLimits.check("{\"emoji\":\"\\ud83d\\ude42\",\"n\":null}"));
  }

  @Test
  void malformedJsonIsLeftToTheParserException() {
    assertThrows(JsonParsingException.class, () -> JsonLimits.check("{\"a\":"));
  }

  @Test
  void aRequestListsAtMostFiftyErrors() {
    StringBuilder body = new StringBuilder("{");
    for (int i = 0; i < 200; i++) {
      body.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
    }
    ApiProblem problem =
        assertThrows(
            ApiProblem.class,
            () -> JsonRequest.parse(body.append('}').toString(), Set.of()).done());
    assertEquals(FieldError.MAX_ERRORS, problem.errors().size());
    assertTrue(problem.errors().stream().allMatch(e -> e.message().contains("not a known field")));
  }
}
