#!/usr/bin/env bash
# The project's benchmark: guard cost (GET /v1/me vs an unguarded ping), the same with 100,000 more keys,
# and the write path (POST /v1/agents/runs to completion vs a hand-written SQL reference in pgbench), all
# in one run so the ratios hold on a noisy machine. Uses the machine's PostgreSQL when ECLIPS_DB_HOST is
# set (database eclips_bench, recreated), an embedded one otherwise. Options: --duration=15
# --connections=32 --orgs=100 --keys=1000 --scale-keys=100000 --pairs=4 (interleaved ping and /v1/me pairs,
# each measurement half the duration; figures are the median pair) --phases=write (the write path only)
# --wire=false (leaves out the fixed-rate figures off the wire: tcpdump on the loopback interface).
# Results: bench/results/<date>.md. BENCH_SERVER_VARIABLES=name=value,... sets server variables for an
# A/B run (e.g. eclips.runs.coalesce-accepts=false); BENCH_JVM_OPTIONS="-Xms128m …" appends JVM options.
# BENCH_RATELIMIT_STORE=redis runs it all with the shared Redis limiter (ECLIPS_REDIS_URL, default
# redis://127.0.0.1:6379): compare its cpu_us_me and guard_ratio with a run without it, back to back.
# --noisy-neighbour adds the noisy-neighbour phase (NoisyNeighbourIT's experiment: org B's mixed workload
# alone, then while org A runs every exhaustion pattern of issue 19; --noisy-seconds=20 each,
# --noisy-patterns=all); --phases=noisy-neighbour runs only it. Its victim_p99_ratio (B's p99 under
# attack ÷ alone) is in the summary line. BENCH_HTTP_PORT / BENCH_HTTPS_PORT move the server off
# 9380 / 9743 (e.g. when another bench server runs on the machine).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v tcpdump >/dev/null || { apt-get update -qq && apt-get install -y -qq tcpdump; }
command -v pgbench >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-client; }
HTTP_PORT="${BENCH_HTTP_PORT:-9380}"
HTTPS_PORT="${BENCH_HTTPS_PORT:-9743}"
mvn -q -Pbench package -Declips.http.port="$HTTP_PORT" -Declips.https.port="$HTTPS_PORT"
mvn -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx1g -Dbench.http.port="$HTTP_PORT" -Dbench.https.port="$HTTPS_PORT" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  tech.eclips.workforce.tools.Benchmark "$@"
