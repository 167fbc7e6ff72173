#!/bin/sh
# Sweep tests: --jobs and shards give identical rows, a sweep killed with SIGKILL and
# resumed ends with exactly the rows of an uninterrupted one, bad sweep files exit 2
# with FILE:LINE, summaries (Sobol, Morris) and compare run. usage: tests/sweep.sh build/woonsim
set -u
W=${1:-build/woonsim}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
expect_rc() { want=$1; shift; "$@" >"$T/out" 2>"$T/err"; rc=$?; [ $rc = "$want" ] && ok || bad "$* exited $rc, not $want: $(head -c 300 "$T/err")"; }

S=tests/sweeps/small-lhs.xml
expect_rc 0 "$W" sweep $S -o "$T/j1.sqlite" --jobs 1
expect_rc 0 "$W" sweep $S -o "$T/j2.sqlite" --jobs 2
"$W" sweep --dump "$T/j1.sqlite" >"$T/j1.csv"; "$W" sweep --dump "$T/j2.sqlite" >"$T/j2.csv"
[ "$(wc -l <"$T/j1.csv")" = 37 ] && ok || bad "12 points x 3 replicates + header: $(wc -l <"$T/j1.csv") lines"
cmp -s "$T/j1.csv" "$T/j2.csv" && ok || bad "--jobs 1 and --jobs 2 give different rows"
# Shards.
expect_rc 0 "$W" sweep $S -o "$T/s1.sqlite" --shard 1/2
expect_rc 0 "$W" sweep $S -o "$T/s2.sqlite" --shard 2/2 --jobs 2
expect_rc 0 "$W" sweep --merge "$T/m.sqlite" "$T/s1.sqlite" "$T/s2.sqlite"
"$W" sweep --dump "$T/m.sqlite" >"$T/m.csv"
cmp -s "$T/j1.csv" "$T/m.csv" && ok || bad "merged shards differ from the unsharded sweep"
[ "$(wc -l <"$("$W" sweep --dump "$T/s1.sqlite" >"$T/s1.csv"; echo "$T/s1.csv")")" = 19 ] && ok || bad "shard 1/2 holds half the runs"
expect_rc 2 "$W" sweep --merge "$T/m.sqlite" "$T/s1.sqlite"
expect_rc 2 "$W" sweep $S --shard 3/2
# An existing store needs --resume; resuming a complete store runs nothing and changes nothing.
expect_rc 2 "$W" sweep $S -o "$T/j1.sqlite"
grep -q "exists" "$T/err" && ok || bad "existing store message"
expect_rc 0 "$W" sweep $S -o "$T/j1.sqlite" --resume
"$W" sweep --dump "$T/j1.sqlite" >"$T/again.csv"
cmp -s "$T/j1.csv" "$T/again.csv" && ok || bad "resuming a complete sweep changed it"
expect_rc 2 "$W" sweep tests/sweeps/default-kill.xml -o "$T/j1.sqlite" --resume
grep -q "different sweep" "$T/err" && ok || bad "resume with another sweep is refused"

# Kill -9 midway, resume, compare with an uninterrupted sweep.
K=tests/sweeps/default-kill.xml
expect_rc 0 "$W" sweep $K -o "$T/full.sqlite" --jobs 2
"$W" sweep --dump "$T/full.sqlite" >"$T/full.csv"
"$W" sweep $K -o "$T/killed.sqlite" --jobs 2 >/dev/null 2>&1 &
pid=$!
# Wait until some runs are committed, then kill.
i=0; while [ $i -lt 100 ]; do
  n=$("$W" sweep --dump "$T/killed.sqlite" 2>/dev/null | wc -l); [ "${n:-0}" -gt 10 ] && break
  sleep 0.1; i=$((i + 1)); done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
partial=$("$W" sweep --dump "$T/killed.sqlite" 2>/dev/null | wc -l)
[ "$partial" -gt 1 ] && [ "$partial" -lt 121 ] && ok || bad "the sweep was not killed midway ($partial lines)"
expect_rc 0 "$W" sweep $K -o "$T/killed.sqlite" --resume --jobs 2
"$W" sweep --dump "$T/killed.sqlite" >"$T/resumed.csv"
cmp -s "$T/full.csv" "$T/resumed.csv" && ok || bad "killed and resumed sweep differs from the uninterrupted one"
[ "$(wc -l <"$T/resumed.csv")" = 121 ] && ok || bad "resumed sweep has $(wc -l <"$T/resumed.csv") lines, not 121"

# Bad sweep files.
for f in tests/sweeps/bad-*.xml; do
  exp=$(cat "${f%.xml}.expect")
  "$W" sweep "$f" -o "$T/bad.sqlite" >"$T/out" 2>"$T/err"; rc=$?
  first=$(head -n 1 "$T/err")
  if [ $rc = 2 ] && printf '%s' "$first" | grep -qF -- "$exp"; then ok
  else bad "$f: exit $rc, message '$first', expected '$exp'"; fi
  [ ! -e "$T/bad.sqlite" ] && ok || bad "$f: a store was written"
done
expect_rc 2 "$W" sweep --summary "$T/nothing.sqlite"
echo "not a database" >"$T/junk.sqlite"
expect_rc 2 "$W" sweep --summary "$T/junk.sqlite"

# Summaries.
expect_rc 0 "$W" sweep --summary "$T/j1.sqlite" -o "$T/summary.csv"
grep -q "q05" "$T/summary.csv" && ok || bad "summary CSV"
cat >"$T/sobol.xml" <<XML
<sweep name="s" scenario="$PWD/tests/golden/small.xml" design="sobol" indices="sobol" samples="16">
  <parameter name="slip" select="/scenario/woondeal/@slip-probability" min="0" max="0.8"/>
  <parameter name="size" select="/scenario/woondeal/project/@dwellings" min="20" max="120" integer="true"/>
  <output indicators="dwellings" at="2025-12"/>
</sweep>
XML
expect_rc 0 "$W" sweep "$T/sobol.xml" -o "$T/sobol.sqlite"
expect_rc 0 "$W" sweep --summary "$T/sobol.sqlite"
grep -q "ST" "$T/out" && ok || bad "Sobol summary prints indices"
sed 's/design="sobol" indices="sobol" samples="16"/design="morris" samples="6"/' "$T/sobol.xml" >"$T/morris.xml"
expect_rc 0 "$W" sweep "$T/morris.xml" -o "$T/morris.sqlite"
expect_rc 0 "$W" sweep --summary "$T/morris.sqlite"
grep -q "mu\*" "$T/out" && ok || bad "Morris summary prints mu*"

# compare.
expect_rc 0 "$W" compare scenarios/leeuwarden-oost.xml scenarios/no-permit.xml --runs 4 --at 2030,2035 -o "$T/cmp.csv" --jobs 2
grep -q "substandard" "$T/out" && ok || bad "compare prints the table"
[ "$(grep -c ',substandard,' "$T/cmp.csv")" = 4 ] && ok || bad "compare CSV rows"
expect_rc 2 "$W" compare scenarios/leeuwarden-oost.xml --at 2050

echo "sweep: $pass passed, $fail failed"
[ $fail = 0 ]
