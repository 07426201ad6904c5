package tech.eclips.workforce.metrics.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Only the metrics user's basic credentials open the application's /metrics (WildFly). */
class MetricsReaderTest {

  private static String basic(String pair) {
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void onlyTheMetricsUserWithItsPassword() {
    MetricsReader reader = new MetricsReader("metrics", Optional.of("s3cret:ü"));
    assertFalse(reader.closed());
    assertTrue(reader.admits(basic("metrics:s3cret:ü")));
    assertTrue(reader.admits("basic " + basic("metrics:s3cret:ü").substring(6)), "any case");
    assertFalse(reader.admits(basic("metrics:s3cret")));
    assertFalse(reader.admits(basic("other:s3cret:ü")));
    assertFalse(reader.admits(basic("metrics")));
    assertFalse(reader.admits(null));
    assertFalse(reader.admits(""));
    assertFalse(reader.admits("Bearer " + basic("metrics:s3cret:ü").substring(6)));
    assertFalse(reader.admits("Basic %%%not base64"), "refused, not an error");
  }

  @Test
  void withoutAPasswordNobodyIsAdmitted() {
    for (Optional<String> none : java.util.List.of(Optional.<String>empty(), Optional.of(""))) {
      MetricsReader reader = new MetricsReader("metrics", none);
      assertTrue(reader.closed());
      assertFalse(reader.admits(basic("metrics:")));
    }
  }
}
