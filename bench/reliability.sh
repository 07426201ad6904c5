#!/usr/bin/env bash
# Fault injection with the invariants as figures: provisions eclips_reliability (recreated; the
# machine's PostgreSQL when ECLIPS_DB_HOST is set, an embedded one otherwise), runs its own Liberty
# server (eclips-reliability, 127.0.0.1:9480) with the built WAR, creates runs from client threads
# with Idempotency-Keys and retries while it kills the server with kill -9, terminates the app's
# database connections and restarts PostgreSQL (the machine's cluster only with
# --restart-machine-postgres), then recovers and checks. Options: --duration=120 --clients=6
# --short (CI: ~35 s) --seed=<n> --no-postgres-restart --restart-machine-postgres, and --server=wildfly to
# run the WildFly the build provisions (target/server) instead of Liberty.
# Results: bench/results/reliability-<date>.md; exit status 1 if an invariant does not hold.
set -euo pipefail
cd "$(dirname "$0")/.."
# PostgreSQL refuses to run as root: the embedded one runs in a user namespace (util-linux unshare).
command -v unshare >/dev/null || { apt-get update -qq && apt-get install -y -qq util-linux; }
if [[ " $* " == *" --restart-machine-postgres "* ]]; then
  command -v pg_ctlcluster >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-common; }
fi
if [[ " $* " == *" --server=wildfly "* ]]; then
  mvn -q -Pwildfly package -DskipTests -DskipITs
else
  mvn -q -Preliability package
fi
mvn -q dependency:build-classpath -Dmdep.outputFile=target/reliability-classpath.txt -Dmdep.includeScope=test
exec java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/reliability-classpath.txt)" \
  tech.eclips.workforce.tools.Reliability "$@"
