# The shared start of the test scripts, sourced from the repository root right after
# `set -u` as `. tests/lib.sh`: W the CLI under test (the script's first argument,
# default build/woonsim), V the viewer beside it, T a temporary directory removed at exit
# (a script that needs more at exit sets its own trap, which removes "$T" too), the
# counters pass and fail with ok and bad, expect_rc, and summary for the last line.

W=${1:-build/woonsim}
V=$(dirname "$W")/woonsim-view
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
# expect_rc RC CMD...: CMD exits RC; its output stays in $T/out and $T/err.
expect_rc() { want=$1; shift; "$@" >"$T/out" 2>"$T/err"; rc=$?; [ $rc = "$want" ] && ok || bad "$* exited $rc, not $want: $(head -c 300 "$T/err")"; }
# summary NAME: prints "NAME: N passed, N failed"; its status is the script's result.
summary() { echo "$1: $pass passed, $fail failed"; [ "$fail" = 0 ]; }
