package tech.eclips.workforce.openapi.boundary;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Completes every scanned operation from the annotations that guard it (mp.openapi.filter, in
 * META-INF/microprofile-config.properties): its security requirement with the scope or roles, the
 * shared parameters, and (through {@link Refusals}) the refusals the ring and the container can
 * answer with and the headers every response carries. The scanner names each operation after its
 * Java method (operationIdStrategy PACKAGE_CLASS_METHOD), which is how the method is found; the
 * operation then gets its verb-noun id from {@link #IDS}, the names generated clients give their
 * methods (docs/api.md, "Generated clients").
 */
public class OperationContracts implements OASFilter {

  static final String API_KEY_BEARER = "ApiKeyBearer";
  static final String API_KEY_HEADER = "ApiKeyHeader";
  static final String JWT = "ConsoleJwt";
  static final String IDEMPOTENCY_KEY_COMPONENT = "IdempotencyKey";

  /** Tag per resource class (its name without Console/Resource); others keep that name. */
  private static final Map<String, String> TAGS =
      Map.ofEntries(
          Map.entry("Me", "Identity"),
          Map.entry("Runs", "Runs"),
          Map.entry("TriageItems", "Triage"),
          Map.entry("Documents", "Documents"),
          Map.entry("Credits", "Credits"),
          Map.entry("AuditLog", "Audit log"),
          Map.entry("ApiKeys", "API keys"),
          Map.entry("KeyUsage", "API keys"),
          Map.entry("KeyContainment", "API keys"),
          Map.entry("TrustProfiles", "Trust"),
          Map.entry("CircuitBreakers", "Circuit breakers"),
          Map.entry("Settings", "Settings"),
          Map.entry("WebhookEndpoints", "Webhooks"),
          Map.entry("Orgs", "Organizations"),
          Map.entry("Maintenance", "Maintenance"));

  /**
   * The operationId of each resource method ({@code SimpleClassName.method}): verb then noun, what
   * a generated client calls the method ({@code runsApi.createRun(…)}); console and platform
   * variants of a {@code /v1} operation say so. A method missing here keeps {@code classMethod},
   * which OpenApiIT refuses, so a new endpoint gets its name here.
   */
  static final Map<String, String> IDS =
      Map.ofEntries(
          Map.entry("MeResource.me", "getMe"),
          Map.entry("RunsResource.create", "createRun"),
          Map.entry("RunsResource.get", "getRun"),
          Map.entry("RunsResource.list", "listRuns"),
          Map.entry("TriageItemsResource.list", "listTriageItems"),
          Map.entry("TriageItemsResource.get", "getTriageItem"),
          Map.entry("TriageItemsResource.resolve", "resolveTriageItem"),
          Map.entry("DocumentsResource.upload", "uploadDocument"),
          Map.entry("DocumentsResource.list", "listDocuments"),
          Map.entry("DocumentsResource.get", "getDocument"),
          Map.entry("DocumentsResource.content", "getDocumentContent"),
          Map.entry("DocumentsResource.delete", "deleteDocument"),
          Map.entry("CreditsResource.balance", "getCredits"),
          Map.entry("AuditLogResource.list", "listAuditEntries"),
          Map.entry("EventsResource.list", "listEvents"),
          Map.entry("EventsResource.get", "getEvent"),
          Map.entry("ConsoleMeResource.me", "getConsoleMe"),
          Map.entry("ApiKeysResource.create", "createApiKey"),
          Map.entry("ApiKeysResource.list", "listApiKeys"),
          Map.entry("ApiKeysResource.get", "getApiKey"),
          Map.entry("ApiKeysResource.update", "updateApiKey"),
          Map.entry("ApiKeysResource.disable", "disableApiKey"),
          Map.entry("ApiKeysResource.enable", "enableApiKey"),
          Map.entry("ApiKeysResource.rotate", "rotateApiKey"),
          Map.entry("ApiKeysResource.revoke", "revokeApiKey"),
          Map.entry("KeyUsageResource.usage", "getApiKeyUsage"),
          Map.entry("KeyUsageResource.scopes", "getApiKeyScopeUsage"),
          Map.entry("KeyContainmentResource.get", "getKeyContainment"),
          Map.entry("KeyContainmentResource.update", "updateKeyContainment"),
          Map.entry("KeyContainmentResource.contain", "updateApiKeyContainment"),
          Map.entry("KeyContainmentResource.revokeAll", "revokeApiKeysOfMode"),
          Map.entry("ConsoleAuditLogResource.list", "listConsoleAuditEntries"),
          Map.entry("ConsoleAuditLogResource.verify", "verifyAuditChain"),
          Map.entry("ConsoleAuditLogResource.export", "exportAuditLog"),
          Map.entry("ConsoleCircuitBreakersResource.list", "listCircuitBreakers"),
          Map.entry("ConsoleCircuitBreakersResource.reset", "resetCircuitBreaker"),
          Map.entry("ConsoleSettingsResource.get", "getSettings"),
          Map.entry("ConsoleSettingsResource.set", "updateSettings"),
          Map.entry("ConsoleTrustProfilesResource.list", "listTrustProfiles"),
          Map.entry("ConsoleTrustProfilesResource.pin", "pinTrustProfile"),
          Map.entry("ConsoleCreditsResource.balance", "getConsoleCredits"),
          Map.entry("ConsoleCreditsResource.usage", "getCreditUsage"),
          Map.entry("ConsoleCreditsResource.setBudget", "setBudget"),
          Map.entry("ConsoleRunsResource.list", "listConsoleRuns"),
          Map.entry("ConsoleRunsResource.get", "getConsoleRun"),
          Map.entry("ConsoleTriageItemsResource.list", "listConsoleTriageItems"),
          Map.entry("ConsoleTriageItemsResource.get", "getConsoleTriageItem"),
          Map.entry("ConsoleTriageItemsResource.resolve", "resolveConsoleTriageItem"),
          Map.entry("ConsoleDocumentsResource.list", "listConsoleDocuments"),
          Map.entry("ConsoleDocumentsResource.delete", "deleteConsoleDocument"),
          Map.entry("WebhookEndpointsResource.create", "createWebhookEndpoint"),
          Map.entry("WebhookEndpointsResource.list", "listWebhookEndpoints"),
          Map.entry("WebhookEndpointsResource.get", "getWebhookEndpoint"),
          Map.entry("WebhookEndpointsResource.update", "updateWebhookEndpoint"),
          Map.entry("WebhookEndpointsResource.rotateSecret", "rotateWebhookEndpointSecret"),
          Map.entry("WebhookEndpointsResource.delete", "deleteWebhookEndpoint"),
          Map.entry("WebhookEndpointsResource.listDeliveries", "listWebhookDeliveries"),
          Map.entry("WebhookEndpointsResource.redeliver", "createWebhookRedelivery"),
          Map.entry("OrgsResource.create", "createOrg"),
          Map.entry("OrgsResource.get", "getOrg"),
          Map.entry("OrgsResource.changePlan", "changeOrgPlan"),
          Map.entry("OrgsResource.grant", "grantCredits"),
          Map.entry("MaintenanceResource.applyRetention", "applyAuditRetention"),
          Map.entry("MaintenanceResource.recoverRuns", "recoverRuns"));

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    Map<String, Parameter> shared =
        openAPI.getComponents() == null || openAPI.getComponents().getParameters() == null
            ? Map.of()
            : openAPI.getComponents().getParameters();
    Set<String> carriers = new HashSet<>();
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) ->
                item.getOperations()
                    .forEach((verb, operation) -> complete(path, operation, shared, carriers)));
    // the scanned schemas of the Java types that carried those parameters are used nowhere now
    if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
      carriers.forEach(ref -> openAPI.getComponents().removeSchema(ref.replaceFirst(".*/", "")));
    }
  }

  private void complete(
      String path, Operation operation, Map<String, Parameter> shared, Set<String> carriers) {
    Optional<Method> method = javaMethod(operation.getOperationId());
    if (method.isEmpty()) {
      // left as scanned: OpenApiIT fails on an operation without security
      return;
    }
    Guards guards = Guards.of(method.get());
    operation.setOperationId(operationId(method.get()));
    String tag = tag(method.get().getDeclaringClass());
    operation.setTags(List.of(tag));
    if (operation.getSummary() == null) {
      operation.setSummary(tag + ": " + words(method.get().getName()));
    }
    secure(operation, guards);
    parameters(operation, shared, carriers);
    idempotencyKey(operation, guards);
    Refusals.add(operation.getResponses(), guards, path.contains("{"));
  }

  private static void secure(Operation operation, Guards guards) {
    List<SecurityRequirement> security = new ArrayList<>();
    String needs;
    if (guards.apiKey()) {
      List<String> scopes = guards.requiredScopes();
      security.add(OASFactory.createSecurityRequirement().addScheme(API_KEY_BEARER, scopes));
      security.add(OASFactory.createSecurityRequirement().addScheme(API_KEY_HEADER, scopes));
      needs =
          scopes.isEmpty()
              ? "Any valid API key."
              : "API key with the scope `" + scopes.get(0) + "`.";
    } else if (!guards.roles().isEmpty()) {
      security.add(OASFactory.createSecurityRequirement().addScheme(JWT, guards.roles()));
      needs = "JWT with the role " + String.join(" or ", quoted(guards.roles())) + ".";
    } else {
      return;
    }
    operation.setSecurity(security);
    String description = operation.getDescription();
    operation.setDescription(
        description == null || description.isBlank() ? needs : description + "\n\n" + needs);
  }

  /**
   * Scanned parameters describe Java types (a String {@code limit}, the carrier of
   * Idempotency-Key); where META-INF/openapi.yaml has a parameter of the same name and place, the
   * operation refers to it instead, and the carrier's scanned schema is noted for removal. A
   * parameter the resource describes itself ({@code @Parameter(description = ...)}) stays its own:
   * two lists may share a name for different sets ({@code status} of a run, of a triage item).
   */
  private static void parameters(
      Operation operation, Map<String, Parameter> shared, Set<String> carriers) {
    if (operation.getParameters() == null) {
      return;
    }
    List<Parameter> parameters = new ArrayList<>();
    for (Parameter parameter : operation.getParameters()) {
      Optional<String> component =
          shared.entrySet().stream()
              .filter(e -> e.getValue().getIn() == parameter.getIn())
              .filter(e -> e.getValue().getName().equalsIgnoreCase(parameter.getName()))
              .map(Map.Entry::getKey)
              .findFirst();
      if (component.isEmpty() || parameter.getDescription() != null) {
        parameters.add(parameter);
        continue;
      }
      if (parameter.getSchema() != null && parameter.getSchema().getRef() != null) {
        carriers.add(parameter.getSchema().getRef());
      }
      parameters.add(OASFactory.createParameter().ref(component.get()));
    }
    operation.setParameters(parameters);
  }

  /**
   * Every operation that takes an Idempotency-Key declares it (the shared component), and says what
   * its replay answers.
   */
  private static void idempotencyKey(Operation operation, Guards guards) {
    if (!guards.idempotent()) {
      return;
    }
    String ref = "#/components/parameters/" + IDEMPOTENCY_KEY_COMPONENT;
    boolean declared =
        operation.getParameters() != null
            && operation.getParameters().stream().anyMatch(p -> ref.equals(p.getRef()));
    if (!declared) {
      operation.addParameter(OASFactory.createParameter().ref(IDEMPOTENCY_KEY_COMPONENT));
    }
    String replay =
        guards.revealsSecret()
            ? "Idempotency-Key: a retry with the same key and request does not create another;"
                + " as the secret is shown only once, it answers `409"
                + " idempotent_replay_unavailable` with the first key's `Location`."
            : "Idempotency-Key: a retry with the same key and request within 24 h answers the"
                + " first response again (`Idempotent-Replayed: true`) and changes nothing.";
    String description = operation.getDescription();
    operation.setDescription(description == null ? replay : description + "\n\n" + replay);
  }

  /** {@code tech.eclips.workforce.runs.boundary.RunsResource_create} → that method. */
  private static Optional<Method> javaMethod(String scannedId) {
    if (scannedId == null || !scannedId.contains("_")) {
      return Optional.empty();
    }
    int split = scannedId.lastIndexOf('_');
    try {
      Class<?> type =
          Class.forName(
              scannedId.substring(0, split), false, OperationContracts.class.getClassLoader());
      String name = scannedId.substring(split + 1);
      List<Method> candidates =
          Stream.of(type.getDeclaredMethods())
              .filter(m -> m.getName().equals(name) && !m.isSynthetic())
              .toList();
      return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * From {@link #IDS}, else {@code ConsoleCreditsResource.setBudget} → {@code
   * consoleCreditsSetBudget}.
   */
  private static String operationId(Method method) {
    String id = IDS.get(method.getDeclaringClass().getSimpleName() + "." + method.getName());
    if (id != null) {
      return id;
    }
    String type = method.getDeclaringClass().getSimpleName().replaceFirst("Resource$", "");
    String name = method.getName();
    return Character.toLowerCase(type.charAt(0))
        + type.substring(1)
        + Character.toUpperCase(name.charAt(0))
        + name.substring(1);
  }

  private static String tag(Class<?> type) {
    String name = type.getSimpleName().replaceFirst("Resource$", "").replaceFirst("^Console", "");
    return TAGS.getOrDefault(name, name);
  }

  /** {@code setBudget} → {@code set budget}. */
  private static String words(String camelCase) {
    return camelCase.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }

  private static List<String> quoted(List<String> roles) {
    return roles.stream().map(r -> "`" + r + "`").toList();
  }
}
