#!/usr/bin/env bash
# Checkout and webhook throughput/latency of the packaged gateway against the local PostgreSQL.
#   bench/gateway/run.sh [requests=2000] [concurrency=16]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -q -B -DskipTests package -pl gateway-core -am
. "$root/bench/java.sh" bench/gateway
postgres_jar="$(ls gateway-core/target/gateway/lib/postgresql-*.jar | head -1)"
exec "$java_bin" -cp "$postgres_jar" -Dbench.root="$root" bench/gateway/GatewayBench.java "$@"
