package tech.eclips.workforce.requests.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A roles claim of another name, in the shapes a container hands it over. */
class ConsoleUserTest {

  @Test
  void rolesAreReadFromAJsonArrayACollectionOrOneName() {
    assertEquals(
        Set.of("org_admin", "offline_access"),
        ConsoleUser.names(
            Json.createArrayBuilder().add("org_admin").add("offline_access").build()));
    assertEquals(Set.of("org_member"), ConsoleUser.names(List.of("org_member")));
    assertEquals(Set.of("org_admin"), ConsoleUser.names(Json.createValue("org_admin")));
    assertEquals(Set.of("org_admin"), ConsoleUser.names("org_admin"));
    assertEquals(Set.of(), ConsoleUser.names(null));
  }
}
