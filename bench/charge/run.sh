#!/usr/bin/env bash
# Charge worker benchmark (see ChargeBenchmark.java and docs/performance.md, "Charge worker").
#   bench/charge/run.sh [subscriptions per network, default 2000] [batch size, default 50]
# Needs PostgreSQL at 127.0.0.1:5432, database test, user postgres (or BILLING_TEST_POSTGRES_URL), Maven and a JDK 21+.
# The report goes to bench/charge/target/report.md (and standard error); the gateway's log to bench/charge/target/gateway.log.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/bench/charge/target"
mkdir -p "$out"

. "$root/bench/java.sh" bench/charge

cd "$root"
mvn -q -B install -pl provider-spi,router,provider-tck,provider-mock-fiat -DskipTests
mvn -q -B test-compile dependency:build-classpath -pl gateway-core -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt"
classpath="$root/gateway-core/target/test-classes:$root/gateway-core/target/classes:$(cat "$out/classpath.txt")"
"$java_bin" -Xmx2g -cp "$classpath" "$root/bench/charge/ChargeBenchmark.java" "${1:-2000}" "${2:-50}" "$out/report.md" > "$out/gateway.log"
