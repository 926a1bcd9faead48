#!/usr/bin/env bash
# Creates a new billing gateway provider plugin project from examples/provider-template.
#   examples/new-provider.sh <providerId> <directory> [--group-id <groupId>] [--package <java.package>]
# The project compiles against the published provider-spi, contains the conformance kit test and passes it out
# of the box (an in-memory sandbox stands in for the PSP); README.md in it lists the TODOs to fill in.
# Example: examples/new-provider.sh acme-pay ../acme-pay --group-id com.acme.billing
set -euo pipefail

usage() {
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 2 ] || usage
provider_id="$1"
target="$2"
shift 2
group_id="com.example.billing"
package=""
while [ $# -gt 0 ]; do
  case "$1" in
    --group-id) [ $# -ge 2 ] || usage; group_id="$2"; shift 2 ;;
    --package) [ $# -ge 2 ] || usage; package="$2"; shift 2 ;;
    *) echo "new-provider: unknown option '$1'" >&2; usage ;;
  esac
done

if ! [[ "$provider_id" =~ ^[a-z][a-z0-9-]{1,31}$ ]] || [[ "$provider_id" == *- ]]; then
  echo "new-provider: a providerId is 2-32 lower-case letters, digits and dashes, starting with a letter, got '$provider_id'" >&2
  exit 2
fi
if ! [[ "$group_id" =~ ^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$ ]]; then
  echo "new-provider: --group-id must look like com.acme.billing, got '$group_id'" >&2
  exit 2
fi
compact="${provider_id//-/}"
[ -n "$package" ] || package="$group_id.${compact}"
if ! [[ "$package" =~ ^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$ ]]; then
  echo "new-provider: --package must be a lower-case Java package such as com.acme.billing.pay, got '$package'" >&2
  exit 2
fi
if [ -e "$target" ] && [ -n "$(ls -A "$target" 2>/dev/null)" ]; then
  echo "new-provider: $target exists and is not empty; choose a new directory" >&2
  exit 1
fi

# acme-pay -> AcmePay (class names); the CAIP-2 namespace of the sample network is 3-8 of [a-z0-9].
class_prefix=""
IFS='-' read -r -a parts <<< "$provider_id"
for part in "${parts[@]}"; do
  class_prefix+="$(printf '%s' "${part:0:1}" | tr '[:lower:]' '[:upper:]')${part:1}"
done
namespace="${compact:0:8}"
while [ "${#namespace}" -lt 3 ]; do namespace+="x"; done

template="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/provider-template"
mkdir -p "$target"
target="$(cd "$target" && pwd)"
(cd "$template" && find . -path ./target -prune -o -type f -print) | while read -r file; do
  mkdir -p "$target/$(dirname "$file")"
  cp "$template/$file" "$target/$file"
done

package_path="${package//.//}"
for tree in src/main/java src/test/java; do
  from="$target/$tree/com/example/billing/starter"
  [ -d "$from" ] || continue
  mkdir -p "$target/$tree/$package_path"
  for file in "$from"/*; do
    name="$(basename "$file")"
    mv "$file" "$target/$tree/$package_path/${name/Starter/$class_prefix}"
  done
  rmdir "$from" 2>/dev/null || true
  rmdir "$target/$tree/com/example/billing" "$target/$tree/com/example" "$target/$tree/com" 2>/dev/null || true
done

find "$target" -type f \( -name '*.java' -o -name '*.xml' -o -name '*.md' -o -name 'io.billinggateway.spi.BillingProviderFactory' \) -print0 |
  xargs -0 sed -i \
    -e "s/com\.example\.billing\.starter/$package/g" \
    -e "s|<groupId>com\.example\.billing</groupId>|<groupId>$group_id</groupId>|g" \
    -e "s/provider-starter-psp/provider-$provider_id/g" \
    -e "s/starter-psp/$provider_id/g" \
    -e "s/starter:sandbox/$namespace:sandbox/g" \
    -e "s/\"starter\"/\"$namespace\"/g" \
    -e "s/sk_test_starter_/sk_test_${namespace}_/g" \
    -e "s/BILLING_NETWORKS=fiat,starter/BILLING_NETWORKS=fiat,$namespace/g" \
    -e "s/BILLING_NETWORKS_STARTER_/BILLING_NETWORKS_$(printf '%s' "$namespace" | tr '[:lower:]' '[:upper:]')_/g" \
    -e "s/STARTER_API_KEY/$(printf '%s' "$compact" | tr '[:lower:]' '[:upper:]')_API_KEY/g" \
    -e "s/Starter/$class_prefix/g"

if grep -rqi "starter" "$target"; then
  echo "new-provider: left-over template names in $target:" >&2
  grep -rni "starter" "$target" >&2
  exit 1
fi

cat <<DONE
Created provider '$provider_id' in $target
  package   $package
  artifact  $group_id:provider-$provider_id
Next:
  cd $target && mvn verify         # runs the conformance kit; target/provider-$provider_id.jar is the plugin
  see README.md there for the TODOs
DONE
