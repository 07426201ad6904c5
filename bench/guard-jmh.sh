#!/usr/bin/env bash
# JMH microbenchmark of the in-process guard path (checksum + digest + cache + limiter + scope + plan),
# with 10 and with 100,000 cached keys. Prints JMH's table; no server or database needed.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
  'tech.eclips.workforce.bench.GuardPathBenchmark' -rf text -rff target/guard-jmh.txt "$@"
