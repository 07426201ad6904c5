package tech.eclips.workforce.limits.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The header shapes HostileInputIT found answered with a 500, and the ordinary ones around them.
 */
class MediaTypeHeadersTest {

  @Test
  void ordinaryContentTypesPass() {
    assertTrue(MediaTypeHeaders.validContentType("application/json"));
    assertTrue(MediaTypeHeaders.validContentType("application/json; charset=UTF-8"));
    assertTrue(MediaTypeHeaders.validContentType("text/plain; charset=\"iso-8859-1\""));
    assertTrue(MediaTypeHeaders.validContentType("application/json;;"));
  }

  @Test
  void unknownOrEmptyCharsetsAndNonMediaTypesFail() {
    assertFalse(MediaTypeHeaders.validContentType("application/json; charset=no-such-charset"));
    assertFalse(MediaTypeHeaders.validContentType("application/json; charset="));
    assertFalse(MediaTypeHeaders.validContentType("garbage"));
    assertFalse(MediaTypeHeaders.validContentType("multipart/form-data; boundary="));
  }

  @Test
  void wildcardsAreRangesNotContentTypes() {
    assertFalse(MediaTypeHeaders.validContentType("*/*"));
    assertFalse(MediaTypeHeaders.validContentType("application/*"));
    assertFalse(MediaTypeHeaders.validContentType("*/json; charset=UTF-8"));
  }

  @Test
  void acceptNeedsNumericQValues() {
    assertTrue(MediaTypeHeaders.validAccept("*/*"));
    assertTrue(MediaTypeHeaders.validAccept("application/json;q=0.9, text/*;q=0, *"));
    assertTrue(MediaTypeHeaders.validAccept("application/problem+json, application/json;q=1.000"));
    assertFalse(MediaTypeHeaders.validAccept("*/*;q=abc"));
    assertFalse(MediaTypeHeaders.validAccept("application/json;q=1.5"));
    assertFalse(MediaTypeHeaders.validAccept("nonsense"));
  }
}
