#!/bin/sh
# The fuzz harnesses (tests/fuzz/) run once over their seed corpus and the regression
# inputs in tests/fuzz/regress/ (every crash, leak or hang the fuzzers found): no
# fuzzing, a few seconds. Builds the harnesses first (make fuzz-build, about a minute
# the first time) unless their directory is given; skips when clang cannot build a
# libFuzzer program.
# usage: sh tests/fuzz_regress.sh [FUZZ_DIR | build/woonsim]   (from the repository root;
#        a path to woonsim, as tests/run.sh passes, is ignored)
set -u
dir=""
[ $# -gt 0 ] && [ -d "$1" ] && dir=$1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
CLANG=${FUZZ_CC:-clang}
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$T/t.c"
if ! "$CLANG" -fsanitize=fuzzer,address,undefined "$T/t.c" -o "$T/t" >/dev/null 2>&1; then
  echo "fuzz: skipped ($CLANG with libFuzzer is not installed: apt-get install clang libclang-rt-dev)"
  exit 0
fi
if [ -z "$dir" ]; then
  dir=build/fuzz
  # The harnesses are built with clang whatever CC the tests were built with.
  if ! make --no-print-directory SAN=0 MPI=0 fuzz-build >"$T/build" 2>&1; then
    tail -n 30 "$T/build"
    echo "fuzz: 0 passed, 1 failed (the harnesses do not build)"
    exit 1
  fi
fi
pass=0; fail=0
for name in scenario sweep map; do
  inputs=0
  for d in tests/fuzz/corpus/$name tests/fuzz/regress/$name; do
    [ -d "$d" ] && inputs=$((inputs + $(find "$d" -type f | wc -l)))
  done
  # -runs=0: execute every input once, then stop. A crash, a leak, a run over 10 s
  # or 2 GiB ends the process with a non-zero status.
  if "$dir/fuzz_$name" -runs=0 -max_len=1048576 -timeout=10 -rss_limit_mb=2048 \
       tests/fuzz/corpus/$name tests/fuzz/regress/$name >"$T/$name.log" 2>&1; then
    pass=$((pass + inputs))
    echo "fuzz_$name: $inputs inputs ok"
  else
    fail=$((fail + 1))
    grep -v '^INFO\|^#' "$T/$name.log" | tail -n 40
    echo "FAIL: fuzz_$name on its corpus and regression inputs"
  fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail = 0 ]
