/**
 * The OpenAPI document (served at {@code /openapi}): shared shapes in {@code
 * META-INF/openapi.yaml}, each operation's success response from its resource's annotations, and
 * everything the ring decides (credentials, scope or roles, the refusals and headers that follow)
 * derived by {@link tech.eclips.workforce.openapi.boundary.OperationContracts} from the same
 * annotations that enforce it, so the document cannot promise what the code does not do.
 */
package tech.eclips.workforce.openapi;
