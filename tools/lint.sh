#!/bin/sh
# Static analysis of the core (make lint): cppcheck (warning, performance, portability)
# and clang-tidy (checks in .clang-tidy) on the given C files. Exits 1 on any finding,
# 2 when a tool is missing. JOBS clang-tidy processes run at once (default 2).
# usage: tools/lint.sh FILE.c... -- COMPILER-FLAGS...   (run from the repository root)
set -u
files=""
while [ $# -gt 0 ] && [ "$1" != -- ]; do files="$files $1"; shift; done
[ $# -gt 0 ] && shift
for tool in cppcheck clang-tidy; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "lint: $tool is not installed (Debian: apt-get install cppcheck clang-tidy)." >&2
    exit 2
  fi
done
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
rc=0
# cppcheck wants only the -I and -D flags.
cpp_flags=""
for f in "$@"; do case $f in -I*|-D*) cpp_flags="$cpp_flags $f" ;; esac; done
# shellcheck disable=SC2086
if ! cppcheck --quiet --std=c11 --enable=warning,performance,portability --inline-suppr \
     --error-exitcode=1 $cpp_flags $files; then
  echo "lint: cppcheck found the problems above" >&2; rc=1
fi
# One clang-tidy per file, JOBS at a time; each file's report kept apart, shown whole.
# shellcheck disable=SC2086
printf '%s\n' $files | xargs -P "${JOBS:-2}" -I{} sh -c \
  'f=$1; shift; out=$(clang-tidy --quiet "$f" -- "$@" 2>&1) ||
    { printf "%s\n" "$out" | grep -v "warnings\{0,1\} generated\.$" > "$0/$(basename "$f").tidy"; }' \
  "$T" {} "$@"
# Each diagnostic (an "error:" line and its notes) whose check and flagged source line
# are in tools/lint-known.txt is reported as known; any other fails.
for r in "$T"/*.tidy; do
  [ -e "$r" ] || continue
  awk -v known=tools/lint-known.txt -v out="$T/new" '
    function trim(x) { gsub(/^[ \t]+|[ \t]+$/, "", x); gsub(/[ \t]+/, " ", x); return x }
    BEGIN {
      while ((getline l < known) > 0) {
        if (l ~ /^#/ || l !~ /\|/) continue
        split(l, f, / \| /); ok[trim(f[1]) "|" trim(f[2])] = 1
      }
    }
    function flush() {
      if (block == "") return
      if (key in ok) print "lint: known (tools/lint-known.txt): " head
      else { printf "%s", block > "/dev/stderr"; print "x" > out }
      block = ""
    }
    / (error|warning): / {
      flush(); head = $0
      check = $0; sub(/.*\[/, "", check); sub(/[],].*/, "", check)
      split($0, loc, ":"); src = ""; n = 0
      while ((getline l < loc[1]) > 0) if (++n == loc[2]) { src = l; break }
      close(loc[1])
      key = check "|" trim(src)
    }
    { block = block $0 "\n" }
    END { flush() }' "$r"
done
[ -s "$T/new" ] && rc=1
[ "${LINT_FILTER_ONLY:-}" ] && exit $rc
[ $rc = 0 ] && echo "lint: cppcheck and clang-tidy clean on$files"
exit $rc
