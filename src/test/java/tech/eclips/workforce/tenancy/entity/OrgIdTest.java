package tech.eclips.workforce.tenancy.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrgIdTest {

  @Test
  void printsAsTheCanonicalUuidSoItIsSafeInSetLocal() {
    UUID uuid = UUID.randomUUID();
    assertEquals(uuid.toString(), new OrgId(uuid).toString());
    assertEquals(new OrgId(uuid), OrgId.of(uuid.toString()));
  }

  @Test
  void refusesAnythingButAUuid() {
    assertThrows(IllegalArgumentException.class, () -> OrgId.of("x'; RESET app.org_id; --"));
    assertThrows(NullPointerException.class, () -> new OrgId(null));
  }

  @Test
  void nullableUuidConverterPassesNullAndValuesThrough() {
    NullableUuidConverter converter = new NullableUuidConverter();
    UUID uuid = UUID.randomUUID();
    assertEquals(null, converter.convertToEntityAttribute(null));
    assertEquals(uuid, converter.convertToEntityAttribute(uuid));
    assertEquals(uuid, converter.convertToEntityAttribute(uuid.toString()));
  }
}
