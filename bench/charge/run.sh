#!/usr/bin/env bash
# Charge worker benchmark (see ChargeBenchmark.java and docs/performance.md, "Charge worker").
#   bench/charge/run.sh [subscriptions per network, default 2000] [batch size, default 50]
# Needs PostgreSQL at 127.0.0.1:5432, database test, user postgres (or BILLING_TEST_POSTGRES_URL), Maven and a JDK 21+.
# The report goes to bench/charge/target/report.md (and standard error); the gateway's log to bench/charge/target/gateway.log.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/bench/charge/target"
mkdir -p "$out"

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}
java_bin=""
for candidate in "${JAVA_HOME:-}/bin/java" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
  if [ -x "$candidate" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then java_bin="$candidate"; break; fi
done
[ -n "$java_bin" ] || { echo "bench/charge: no JDK 21 or newer found" >&2; exit 1; }

cd "$root"
mvn -q -B install -pl provider-spi,router,provider-tck,provider-mock-fiat -DskipTests
mvn -q -B test-compile dependency:build-classpath -pl gateway-core -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt"
classpath="$root/gateway-core/target/test-classes:$root/gateway-core/target/classes:$(cat "$out/classpath.txt")"
"$java_bin" -Xmx2g -cp "$classpath" "$root/bench/charge/ChargeBenchmark.java" "${1:-2000}" "${2:-50}" "$out/report.md" > "$out/gateway.log"
