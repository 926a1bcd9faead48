# Sourced by the benchmarks' run.sh: sets java_bin to a JDK 21 or newer (JAVA_HOME, the PATH's java, then /usr/lib/jvm),
# or exits with one line naming the benchmark ($1).
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}
java_bin=""
for candidate in "${JAVA_HOME:-}/bin/java" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
  if [ -x "$candidate" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then java_bin="$candidate"; break; fi
done
[ -n "$java_bin" ] || { echo "$1: no JDK 21 or newer found" >&2; exit 1; }
