/**
 * Support for the project's benchmark (bench/): an endpoint that does nothing, for the baseline.
 */
package tech.eclips.workforce.benchmark;
