/**
 * The noisy-neighbour experiment (issue 19, "the proof"): org B runs a steady mixed workload alone,
 * then again while org A, holding a live key, a leaked test key and an org_member token, runs every
 * exhaustion pattern at once. {@code NoisyNeighbourIT} asserts on its {@link
 * tech.eclips.workforce.tools.noisy.Report}; {@code bench/run.sh --noisy-neighbour} puts its ratio
 * in the benchmark's summary line. Loopback only, bounded in time and count; every thread is
 * stopped and every socket closed before {@link
 * tech.eclips.workforce.tools.noisy.NoisyNeighbour#run} returns.
 */
package tech.eclips.workforce.tools.noisy;
