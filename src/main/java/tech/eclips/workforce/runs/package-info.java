/** Agent runs: accepting, metering and executing them, and reading them back. */
package tech.eclips.workforce.runs;
