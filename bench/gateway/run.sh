#!/usr/bin/env bash
# Checkout and webhook throughput/latency of the packaged gateway against the local PostgreSQL.
#   bench/gateway/run.sh [requests=2000] [concurrency=16]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -q -B -DskipTests package -pl gateway-core -am
java_bin=""
for candidate in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java; do
  if [ -x "$candidate" ] && [ "$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)" -ge 21 ] 2>/dev/null; then
    java_bin="$candidate"; break
  fi
done
[ -n "$java_bin" ] || { echo "bench: no JDK 21+ found" >&2; exit 1; }
postgres_jar="$(ls gateway-core/target/gateway/lib/postgresql-*.jar | head -1)"
exec "$java_bin" -cp "$postgres_jar" -Dbench.root="$root" bench/gateway/GatewayBench.java "$@"
