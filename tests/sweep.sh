#!/bin/sh
# Sweep tests: --jobs and shards give identical rows, a sweep killed with SIGKILL and
# resumed ends with exactly the rows of an uninterrupted one, bad sweep files exit 2
# with FILE:LINE, summaries (Sobol, Morris) and compare run. usage: tests/sweep.sh build/woonsim
set -u
. tests/lib.sh

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

# Summaries: one tidy table (-o), the per-point quantiles (--points), the long dump.
expect_rc 0 "$W" sweep --summary "$T/j1.sqlite" -o "$T/summary.csv" --points "$T/points.csv"
grep -q "q05" "$T/points.csv" && ok || bad "points CSV"
[ "$(head -n 1 "$T/summary.csv" | tr -d '\r')" = "output,parameter,index,value,ci_low,ci_high" ] && ok || bad "tidy header"
grep -q '^net_added@total@2025-12,\*,noise_share,' "$T/summary.csv" && ok || bad "noise_share row in the tidy table"
"$W" sweep --dump "$T/j1.sqlite" --long >"$T/long.csv"
[ "$(head -n 1 "$T/long.csv")" = "run,point,replicate,output,value" ] && ok || bad "long dump header"
[ "$(grep -c . "$T/long.csv")" = $((36 * $(head -n 1 "$T/j1.csv" | tr ',' '\n' | grep -c @) + 1)) ] && ok || bad "long dump: one row per run and output"
# An incomplete store says so.
"$W" sweep --summary "$T/s1.sqlite" >"$T/out" 2>&1
grep -q "^incomplete: 18 of 36 runs" "$T/out" && ok || bad "incomplete store: $(head -n 1 "$T/out")"
# A boolean lever (values of strings the schema allows) sweeps.
cat >"$T/bool.xml" <<XML
<sweep name="b" scenario="$PWD/tests/sweeps/default-2030.xml" design="grid">
  <parameter name="permit" select="/scenario/landlord-permit/@enabled" values="false true"/>
  <output indicators="substandard" at="2030-12"/>
</sweep>
XML
expect_rc 0 "$W" sweep "$T/bool.xml" -o "$T/bool.sqlite"
"$W" sweep --dump "$T/bool.sqlite" >"$T/bool.csv"
[ "$(cut -d, -f3 "$T/bool.csv" | tr '\n' ' ')" = "p:permit 0 1 " ] && ok || bad "boolean lever: $(cat "$T/bool.csv")"
[ "$(sed -n 2p "$T/bool.csv" | cut -d, -f4)" != "$(sed -n 3p "$T/bool.csv" | cut -d, -f4)" ] && ok || bad "the permit changes substandard"
# Sobol on the default model (issue 17): indices in [-0.1, 1.1], sum of S1 <= 1.1, and
# ST < 0.05 where the output cannot depend on the parameter.
expect_rc 0 "$W" sweep tests/sweeps/sobol-default.xml -o "$T/sd.sqlite" --jobs 2
expect_rc 0 "$W" sweep --summary "$T/sd.sqlite" -o "$T/sd.csv"
awk -F, '$3 == "S1" || $3 == "ST" { if ($4 < -0.1 || $4 > 1.1) bad++ }
  $3 == "S1" { s[$1] += $4 } END { for (o in s) if (s[o] > 1.1) bad++; exit bad > 0 }' "$T/sd.csv" \
  && ok || bad "Sobol indices out of range: $(cat "$T/sd.csv")"
awk -F, '($1 ~ /^energy_poor/ && $2 == "decay" && $3 == "ST" && $4 < 0.05) ||
  ($1 ~ /^substandard/ && $2 == "income-low" && $3 == "ST" && $4 < 0.05) { n++ } END { exit n != 2 }' "$T/sd.csv" \
  && ok || bad "ST of a parameter the output cannot depend on"
# Scenario discovery (PRIM): the trajectory and a chosen box with coverage and density.
expect_rc 0 "$W" sweep --discover "$T/sd.sqlite" --where "energy_poor@2030-12 > 2600"
grep -q "^chosen box (step [0-9]*): coverage 0\.[0-9]*, density 0\.[0-9]*" "$T/out" && grep -q "income-low" "$T/out" \
  && ok || bad "discover: $(head -c 300 "$T/out")"
expect_rc 2 "$W" sweep --discover "$T/sd.sqlite"
expect_rc 2 "$W" sweep --discover "$T/sd.sqlite" --where "happiness@2030-12 > 1"
expect_rc 2 "$W" sweep --discover "$T/sd.sqlite" --where "energy_poor@2030-12 > 1e9"
grep -q "no case satisfies" "$T/err" && ok || bad "discover with no case of interest"
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
expect_rc 0 "$W" sweep --summary "$T/morris.sqlite" -o "$T/morris.csv"
grep -q ',mu_star,' "$T/morris.csv" && grep -q ',sigma,' "$T/morris.csv" && ok || bad "Morris tidy rows"

# Scenario files as one factor (issue 17): jobs and shards give the same rows, the
# summary and the points name the files, the store's hash covers every file.
F=tests/sweeps/files-small.xml
expect_rc 0 "$W" sweep $F -o "$T/f1.sqlite" --jobs 1
expect_rc 0 "$W" sweep $F -o "$T/f2.sqlite" --jobs 2
"$W" sweep --dump "$T/f1.sqlite" >"$T/f1.csv"; "$W" sweep --dump "$T/f2.sqlite" >"$T/f2.csv"
cmp -s "$T/f1.csv" "$T/f2.csv" && ok || bad "files factor: --jobs 1 and 2 differ"
[ "$(cut -d, -f3 "$T/f1.csv" | sort -u | tr '\n' ' ')" = "0 1 p:scenario " ] && ok || bad "files factor: points run both files"
# the late project (second file) has fewer dwellings in east at 2025-12
awk -F, 'NR > 1 && $3 == 0 { a += $5; n++ } NR > 1 && $3 == 1 { b += $5; m++ } END { exit !(n == 4 && m == 4 && a / n > b / m) }' "$T/f1.csv" \
  && ok || bad "files factor: each point runs its own file: $(cat "$T/f1.csv")"
expect_rc 0 "$W" sweep --summary "$T/f1.sqlite" --points "$T/fp.csv"
grep -q "scenario=small-late.xml" "$T/out" && grep -q "scenario=../golden/small.xml" "$T/out" && ok || bad "summary names the files: $(head -c 400 "$T/out")"
grep -q '^2,small-late.xml,0.1' "$T/fp.csv" && ok || bad "points CSV names the files: $(sed -n 2,6p "$T/fp.csv")"
mkdir -p "$T/fd/golden" "$T/fd/sweeps"; cp tests/golden/small.xml "$T/fd/golden/"; cp $F tests/sweeps/small-late.xml "$T/fd/sweeps/"
expect_rc 0 "$W" sweep "$T/fd/sweeps/files-small.xml" -o "$T/fd.sqlite"
sed -i 's/2025-02/2025-03/' "$T/fd/sweeps/small-late.xml"
expect_rc 2 "$W" sweep "$T/fd/sweeps/files-small.xml" -o "$T/fd.sqlite" --resume
grep -q "different sweep or scenario" "$T/err" && ok || bad "a changed second file is refused on resume: $(cat "$T/err")"
# Sobol and Morris treat the files as a categorical factor; discovery names them.
sed -e 's/design="grid" replicates="2"/design="sobol" indices="sobol" samples="16"/' \
    -e 's|values="0.1 0.6"|min="0" max="0.8"|' -e 's|\.\./golden|'"$PWD"'/tests/golden|' \
    -e 's| small-late.xml| '"$PWD"'/tests/sweeps/small-late.xml|' $F >"$T/fs.xml"
expect_rc 0 "$W" sweep "$T/fs.xml" -o "$T/fs.sqlite" --jobs 2
expect_rc 0 "$W" sweep --summary "$T/fs.sqlite" -o "$T/fs.csv"
grep -q '^dwellings@east@2025-12,scenario,ST,' "$T/fs.csv" && ok || bad "Sobol indices of the files factor"
expect_rc 0 "$W" sweep --discover "$T/fs.sqlite" --where "dwellings@east@2025-12 < 240"
grep -q "scenario {$PWD/tests/sweeps/small-late.xml}" "$T/out" && ok || bad "discover names the file: $(cat "$T/out")"
sed 's/design="sobol" indices="sobol" samples="16"/design="morris" samples="4"/' "$T/fs.xml" >"$T/fm.xml"
expect_rc 0 "$W" sweep "$T/fm.xml" -o "$T/fm.sqlite"
expect_rc 0 "$W" sweep --summary "$T/fm.sqlite" -o "$T/fm.csv"
grep -q ',scenario,mu_star,' "$T/fm.csv" && ok || bad "Morris effect of the files factor"
sed 's/design="sobol" indices="sobol" samples="16"/design="lhs" samples="6"/' "$T/fs.xml" >"$T/fl.xml"
expect_rc 0 "$W" sweep "$T/fl.xml" -o "$T/fl.sqlite"

# <series>: the full monthly series in a long table, the same bytes for any --jobs,
# shards and kill + resume; its value at an output's month is the output.
"$W" sweep --dump "$T/f1.sqlite" --series >"$T/s1.csv"; "$W" sweep --dump "$T/f2.sqlite" --series >"$T/s2.csv"
[ "$(head -n 1 "$T/s1.csv")" = "run,point,replicate,date,district,indicator,value" ] && ok || bad "series header"
[ "$(wc -l <"$T/s1.csv")" = $((8 * 24 * 4 + 1)) ] && ok || bad "series rows: $(wc -l <"$T/s1.csv"), not 8 runs x 24 months x 4 + 1"
cmp -s "$T/s1.csv" "$T/s2.csv" && ok || bad "series: --jobs 1 and 2 differ"
[ "$(awk -F, '$4 == "2025-12" && $5 == "east" && $6 == "dwellings" { print $7 }' "$T/s1.csv" | tr '\n' ' ')" = \
  "$(awk -F, 'NR > 1 { print $5 }' "$T/f1.csv" | tr '\n' ' ')" ] && ok || bad "series value at 2025-12 is the output"
expect_rc 0 "$W" sweep $F -o "$T/fs1.sqlite" --shard 1/2
expect_rc 0 "$W" sweep $F -o "$T/fs2.sqlite" --shard 2/2
expect_rc 0 "$W" sweep --merge "$T/fsm.sqlite" "$T/fs1.sqlite" "$T/fs2.sqlite"
"$W" sweep --dump "$T/fsm.sqlite" --series >"$T/sm.csv"
cmp -s "$T/s1.csv" "$T/sm.csv" && ok || bad "series: merged shards differ"
expect_rc 2 "$W" sweep --dump "$T/j1.sqlite" --series
grep -q "kept no series" "$T/err" && ok || bad "--series of a store without series"
awk '/<\/sweep>/ { print "  <series indicators=\"substandard energy_poor\" districts=\"total oud-oost\"/>" } { print }' $K \
  | sed 's|scenario="|scenario="'"$PWD"'/tests/sweeps/|' >"$T/ks.xml"
expect_rc 0 "$W" sweep "$T/ks.xml" -o "$T/ksfull.sqlite" --jobs 2
"$W" sweep "$T/ks.xml" -o "$T/ks.sqlite" --jobs 2 >/dev/null 2>&1 &
pid=$!
i=0; while [ $i -lt 100 ]; do
  n=$("$W" sweep --dump "$T/ks.sqlite" 2>/dev/null | wc -l); [ "${n:-0}" -gt 10 ] && break
  sleep 0.1; i=$((i + 1)); done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
expect_rc 0 "$W" sweep "$T/ks.xml" -o "$T/ks.sqlite" --resume --jobs 2
"$W" sweep --dump "$T/ks.sqlite" --series >"$T/ks.csv"; "$W" sweep --dump "$T/ksfull.sqlite" --series >"$T/ksfull.csv"
cmp -s "$T/ks.csv" "$T/ksfull.csv" && [ "$(wc -l <"$T/ks.csv")" -gt 1000 ] && ok || bad "series: killed and resumed differs ($(wc -l <"$T/ks.csv") lines)"

# values="0 1" on a true/false attribute sweeps as false/true.
expect_rc 0 "$W" sweep tests/sweeps/flag-numbers.xml -o "$T/flag.sqlite"
"$W" sweep --dump "$T/flag.sqlite" >"$T/flag.csv"
cmp -s "$T/flag.csv" "$T/bool.csv" && ok || bad "values=\"0 1\" differs from values=\"false true\": $(cat "$T/flag.csv")"

# Values valid alone, not together, beyond the points checked whole: those runs fail
# naming the sweep file's line, the other points still run and are stored, the store
# reads and resumes (retrying only the failed runs).
L=tests/sweeps/together-later.xml
expect_rc 2 "$W" sweep $L -o "$T/late.sqlite" --jobs 1
grep -q "^$L:4: point 6 of 12 (.*) is not a valid scenario: the values are valid alone, not together: .*end is before start (3 of 12 runs failed; the others are in" "$T/err" \
  && ok || bad "later failure message: $(cat "$T/err")"
expect_rc 0 "$W" sweep --summary "$T/late.sqlite"
grep -q "^incomplete: 9 of 12 runs" "$T/out" && ok || bad "the store after a later failure: $(head -n 2 "$T/out")"
"$W" sweep --dump "$T/late.sqlite" >"$T/late1.csv"
expect_rc 2 "$W" sweep $L -o "$T/late.sqlite" --resume --jobs 2
grep -q "^$L:4: point 6 of 12 .*(3 of 3 runs failed" "$T/err" && ok || bad "resume reports the same point: $(cat "$T/err")"
"$W" sweep --dump "$T/late.sqlite" >"$T/late2.csv"
cmp -s "$T/late2.csv" "$T/late1.csv" && [ "$(wc -l <"$T/late1.csv")" = 7 ] && ok || bad "the runs of the valid points are stored and kept"

# compare.
expect_rc 0 "$W" compare scenarios/leeuwarden-oost.xml scenarios/no-permit.xml --runs 4 --at 2030,2035 -o "$T/cmp.csv" --jobs 2
grep -q "substandard" "$T/out" && ok || bad "compare prints the table"
[ "$(grep -c ',substandard,' "$T/cmp.csv")" = 4 ] && ok || bad "compare CSV rows"
expect_rc 2 "$W" compare scenarios/leeuwarden-oost.xml --at 2050

summary sweep
