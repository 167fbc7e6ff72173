#!/bin/sh
# MPI sweep test: a sweep run with mpirun on 2 and 3 ranks gives exactly the rows of the
# same sweep on one process. usage: tests/mpi.sh build/mpi/woonsim
set -u
W=${1:-build/mpi/woonsim}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
command -v mpirun >/dev/null 2>&1 || { echo "mpi: mpirun not found"; exit 1; }
root=""; [ "$(id -u)" = 0 ] && root="--allow-run-as-root"
pass=0; fail=0
S=tests/sweeps/small-lhs.xml
"$W" sweep $S -o "$T/one.sqlite" >/dev/null && "$W" sweep --dump "$T/one.sqlite" >"$T/one.csv" || fail=$((fail + 1))
for np in 2 3; do
  if mpirun $root --oversubscribe -np $np "$W" sweep $S -o "$T/mpi$np.sqlite" >"$T/log" 2>&1 &&
     "$W" sweep --dump "$T/mpi$np.sqlite" >"$T/mpi$np.csv" && cmp -s "$T/one.csv" "$T/mpi$np.csv" &&
     [ -z "$(ls "$T" | grep part-)" ]; then pass=$((pass + 1))
  else fail=$((fail + 1)); echo "FAIL: $np ranks differ from one process or left parts" >&2; tail -5 "$T/log" >&2; fi
done
echo "mpi: $pass passed, $fail failed"
[ $fail = 0 ]
