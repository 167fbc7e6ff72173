#!/bin/sh
# The golden test: the small scenario's output, byte for byte, against
# tests/golden/small.csv (regenerate deliberately with `make golden`), once with one
# worker and once with three runs on three workers (more workers must not change a byte).
# usage: sh tests/golden.sh build/woonsim   (run from the repository root)
set -u
W=${1:-build/woonsim}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
"$W" run tests/golden/small.xml -o "$T/small.csv" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail=1; }
cmp "$T/small.csv" tests/golden/small.csv >&2 || { echo "golden: small.xml differs from tests/golden/small.csv" >&2; fail=1; }
"$W" run tests/golden/small.xml --runs 3 --jobs 1 -o "$T/j1.csv" >/dev/null 2>"$T/err" &&
  "$W" run tests/golden/small.xml --runs 3 --jobs 3 -o "$T/j3.csv" >/dev/null 2>"$T/err" &&
  cmp -s "$T/j1.csv" "$T/j3.csv" || { echo "golden: --jobs 3 differs from --jobs 1" >&2; fail=1; }
[ $fail = 0 ] && echo "golden: small.csv identical, --jobs 1 = --jobs 3"
exit $fail
