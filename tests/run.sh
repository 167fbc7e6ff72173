#!/bin/sh
# Runs the tests given as arguments, test programs and shell scripts (a script as
# `sh SCRIPT $BUILD/woonsim`; the Makefile says which for make check and make test), then
# prints one summary line "tests: N passed, N failed". Run from the root.
# Each gets at most TEST_TIMEOUT seconds (default 900): a hang fails, it does not stall CI.
set -u
BUILD=${BUILD:-build}
LIMIT=${TEST_TIMEOUT:-900}
passed=0; failed=0; failures=""
for t in "$@"; do
  case $t in
    *.sh) cmd="sh $t $BUILD/woonsim" ;;
    *) cmd="$t" ;;
  esac
  out=$(timeout "$LIMIT" $cmd 2>&1); rc=$?
  [ $rc = 124 ] && out="$out
$t: no result within $LIMIT s (a hang?)"
  last=$(printf '%s\n' "$out" | tail -n 1)
  if [ $rc = 0 ]; then
    passed=$((passed + 1)); echo "ok    $last"
  else
    failed=$((failed + 1)); failures="$failures $t"
    printf '%s\n' "$out" | tail -n 30
    echo "FAIL  $t (exit $rc)"
  fi
done
echo "tests: $passed passed, $failed failed${failures:+ (failed:$failures)}"
[ $failed = 0 ]
