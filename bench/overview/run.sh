#!/usr/bin/env bash
# Latency of the overview figures over a ledger of a million payments in the local PostgreSQL, cold and cached, next to
# reference queries over the same table in the same run.
#   bench/overview/run.sh [payments=1000000] [subscriptions=100000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -q -B -DskipTests package -pl gateway-core -am
. "$root/bench/java.sh" bench/overview
exec "$java_bin" -cp "gateway-core/target/gateway/lib/*" -Dbench.root="$root" bench/overview/OverviewBench.java "$@"
