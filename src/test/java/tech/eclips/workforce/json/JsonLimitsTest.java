package tech.eclips.workforce.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
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

  @Test
  void theNodeCountIsBoundedBeforeATreeIsBuilt() {
    int max = JsonLimits.DEFAULT_MAX_NODES;
    // the array and max - 1 numbers: exactly max values
    String atLimit = "[" + "0,".repeat(max - 2) + "0]";
    assertDoesNotThrow(() -> JsonLimits.check(atLimit));
    String over = "[" + "0,".repeat(max - 1) + "0]";
    ApiProblem problem = assertThrows(ApiProblem.class, () -> JsonLimits.check(over));
    assertEquals(400, problem.status());
    assertTrue(problem.detail().contains(max + " values and names"));
    // names count too: {"a":0} is three
    JsonLimits.Exceeded names =
        assertThrows(
            JsonLimits.Exceeded.class,
            () -> JsonLimits.scan(new StringReader("{\"a\":0,\"b\":0}"), "", 4));
    assertNull(names.path());
    assertDoesNotThrow(() -> JsonLimits.scan(new StringReader("{\"a\":{}}"), "", 3));
  }

  @Test
  void aStreamLongerThanOneMebibyteIsRefusedHavingReadOneByteMore() throws IOException {
    byte[] big = ("\"" + "x".repeat(JsonLimits.MAX_BYTES - 1) + "\"").getBytes(UTF_8);
    CountingStream in = new CountingStream(big);
    JsonLimits.Exceeded tooLarge =
        assertThrows(JsonLimits.Exceeded.class, () -> JsonLimits.read(in, "input"));
    assertTrue(tooLarge.getMessage().contains(JsonLimits.MAX_BYTES + " bytes"));
    assertEquals(JsonLimits.MAX_BYTES + 1, in.read);
    String exact = "\"" + "x".repeat(JsonLimits.MAX_BYTES - 2) + "\"";
    assertEquals(exact, JsonLimits.read(new ByteArrayInputStream(exact.getBytes(UTF_8)), "input"));
  }

  @Test
  void aDocumentsViolationsNameTheirPathUnderItsRoot() {
    JsonLimits.Exceeded deep =
        assertThrows(
            JsonLimits.Exceeded.class,
            () -> JsonLimits.read(new ByteArrayInputStream(nested(33).getBytes(UTF_8)), "input"));
    assertTrue(deep.getMessage().contains("32 levels"));
    JsonLimits.Exceeded number =
        assertThrows(
            JsonLimits.Exceeded.class,
            () ->
                JsonLimits.read(
                    new ByteArrayInputStream("{\"lines\":[{},{\"q\":1e200000}]}".getBytes(UTF_8)),
                    "input"));
    assertEquals("input.lines[1].q", number.path());
    JsonLimits.Exceeded nul =
        assertThrows(
            JsonLimits.Exceeded.class,
            () ->
                JsonLimits.read(
                    new ByteArrayInputStream("{\"a\":[\"x\",\"\\u0000\"]}".getBytes(UTF_8)),
                    "input"));
    assertEquals("input.a[1]", nul.path());
  }

  @Test
  void aBodysNumberPostgresqlCannotHoldIs400OnItsField() {
    ApiProblem problem =
        assertThrows(
            ApiProblem.class, () -> JsonLimits.check("{\"input\":{\"pad\":[1,1e200000]},\"x\":1}"));
    assertEquals(400, problem.status());
    assertEquals("input.pad[1]", problem.errors().get(0).field());
    assertThrows(ApiProblem.class, () -> JsonRequest.parse("{\"a\":1e-20000}", Set.of("a")));
  }

  /** Each verdict as PostgreSQL 15 gave it for {@code SELECT '<number>'::jsonb}. */
  @Test
  void numbersAreJudgedAsPostgresqlsNumericDoes() {
    for (String holds :
        List.of(
            "0",
            "-0.0",
            "1E+5",
            "1e131071",
            "9e131071",
            "1.5e131071",
            "12e131070",
            "0.0001e131075",
            "1e-16383",
            "0.1e-16382",
            "0e200000",
            "-12.50",
            "123456789012345678901234567890",
            "1" + "0".repeat(131_071))) {
      assertTrue(JsonLimits.numericHolds(holds), holds);
    }
    for (String refused :
        List.of(
            "1e131072",
            "1e200000",
            "-1e200000",
            "1e-16384",
            "1e-20000",
            "0e-20000",
            "0.000e-16383",
            "100e-16385",
            "1e99999999999",
            "1e-2147483647",
            "1" + "0".repeat(131_072),
            "0." + "0".repeat(16_383) + "1")) {
      assertFalse(JsonLimits.numericHolds(refused), refused);
    }
  }

  /** A stream that counts what was read from it. */
  private static final class CountingStream extends ByteArrayInputStream {
    int read;

    CountingStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      int n = super.read(b, off, len);
      read += Math.max(n, 0);
      return n;
    }
  }
}
