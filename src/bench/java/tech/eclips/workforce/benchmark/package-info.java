/**
 * Support for the project's benchmark (bench/): an endpoint that does nothing, for the baseline.
 * Compiled only by the {@code bench} Maven profile (src/bench/java), never into the production WAR.
 */
package tech.eclips.workforce.benchmark;
