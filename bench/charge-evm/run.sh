#!/usr/bin/env bash
# EVM charge worker benchmark (see EvmChargeBenchmark.java and docs/performance.md, "EVM charge worker").
#   bench/charge-evm/run.sh [subscriptions per network, default 1000] [batch size, default 50] [repetitions, 1 to 5, default 3]
# Needs PostgreSQL at 127.0.0.1:5432, user postgres (or BILLING_TEST_POSTGRES_URL), Maven, Node.js/npm (the contracts
# module installs Anvil under contracts/node_modules) and a JDK 21+.
# Unless BILLING_TEST_POSTGRES_URL is set, the run uses a database of its own, billing_bench (created with psql when
# missing), so other tests on the server do not count in its PostgreSQL transactions; without psql it uses test.
# The report goes to bench/charge-evm/target/report.md (and standard error); the gateway's log to bench/charge-evm/target/gateway.log.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/bench/charge-evm/target"
mkdir -p "$out"

. "$root/bench/java.sh" bench/charge-evm

if [ -z "${BILLING_TEST_POSTGRES_URL:-}" ] && command -v psql > /dev/null; then
  psql_test=(psql -h 127.0.0.1 -U "${BILLING_TEST_POSTGRES_USER:-postgres}" -d test -v ON_ERROR_STOP=1 -qtA)
  if [ "$("${psql_test[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'billing_bench'")" != "1" ]; then
    "${psql_test[@]}" -c "CREATE DATABASE billing_bench"
  fi
  export BILLING_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:5432/billing_bench"
fi

cd "$root"
mvn -q -B install -pl provider-spi,router,provider-tck,provider-mock-fiat,contracts,provider-evm,provider-solana-poc -DskipTests
mvn -q -B test-compile dependency:build-classpath -pl gateway-core -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt"
classpath="$root/gateway-core/target/test-classes:$root/gateway-core/target/classes:$(cat "$out/classpath.txt")"
"$java_bin" -Xmx2g -cp "$classpath" "$root/bench/charge-evm/EvmChargeBenchmark.java" "${1:-1000}" "${2:-50}" "${3:-3}" "$out/report.md" > "$out/gateway.log"
