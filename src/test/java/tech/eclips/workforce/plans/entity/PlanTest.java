package tech.eclips.workforce.plans.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanTest {

  @Test
  void codesRoundTripThroughTheConverter() {
    PlanConverter converter = new PlanConverter();
    for (Plan plan : Plan.values()) {
      assertEquals(
          plan, converter.convertToEntityAttribute(converter.convertToDatabaseColumn(plan)));
    }
    assertEquals("enterprise", converter.convertToDatabaseColumn(Plan.ENTERPRISE));
  }

  @Test
  void onlyTeamAndAboveHaveThePublicApi() {
    assertFalse(Plan.STARTER.publicApi());
    assertFalse(Plan.PRO.publicApi());
    assertTrue(Plan.TEAM.publicApi() && Plan.GROWTH.publicApi() && Plan.ENTERPRISE.publicApi());
  }

  @Test
  void contractDefaults() {
    assertEquals(60, Plan.TEAM.defaultRequestsPerMinute());
    assertEquals(1_200, Plan.ENTERPRISE.defaultRequestsPerMinute());
    assertEquals(250_000, Plan.GROWTH.defaultMonthlyCredits());
    assertEquals(5, Plan.STARTER.defaultActiveKeys());
    assertEquals(500, Plan.ENTERPRISE.defaultActiveKeys());
  }

  @Test
  void unknownCodesAreEmpty() {
    assertEquals(Optional.empty(), Plan.fromCode("TEAM"));
    assertEquals(Optional.empty(), Plan.fromCode("platinum"));
  }
}
