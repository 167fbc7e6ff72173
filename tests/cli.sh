#!/bin/sh
# Command-line tests: exit codes, bad inputs (FILE:LINE and exit 2), determinism, the
# golden output of a small scenario, atomic output. usage: tests/cli.sh build/woonsim
set -u
. tests/lib.sh

expect_rc 0 "$W" --help
expect_rc 0 "$W" --version
grep -q "^woonsim [0-9]" "$T/out" && ok || bad "--version prints 'woonsim VERSION'"
expect_rc 2 "$W"
expect_rc 2 "$W" no-such-verb
expect_rc 2 "$W" run --runs 0
expect_rc 2 "$W" run --jobs x
expect_rc 2 "$W" run --bogus
expect_rc 2 "$W" run tests/golden/small.xml --set "no-equals-sign"
expect_rc 2 "$W" run "$T/missing.xml" -o "$T/m.csv"
expect_rc 2 "$W" validate

# Every bad input: exit 2, first line "FILE:LINE: ..." with the expected text.
for f in tests/bad/*.xml; do
  exp=$(cat "${f%.xml}.expect")
  "$W" validate "$f" >"$T/out" 2>"$T/err"; rc=$?
  first=$(head -n 1 "$T/err")
  if [ $rc = 2 ] && printf '%s' "$first" | grep -qF -- "$f$exp"; then ok
  else bad "$f: exit $rc, message '$first', expected '$f$exp'"; fi
  # A failed run leaves an existing output file untouched and leaves no temporary file.
  echo keep >"$T/keep.csv"
  "$W" run "$f" -o "$T/keep.csv" >/dev/null 2>&1
  [ "$(cat "$T/keep.csv")" = keep ] && ok || bad "run $f overwrote the output"
  [ "$(ls "$T" | grep -c 'keep.csv.tmp')" = 0 ] && ok || bad "run $f left a temporary file"
done
[ "$(ls tests/bad/*.xml | wc -l)" -ge 12 ] && ok || bad "fewer than 12 bad inputs"

# The shipped scenarios validate.
expect_rc 0 "$W" validate scenarios/leeuwarden-oost.xml scenarios/woondeal-delayed.xml \
  scenarios/no-permit.xml scenarios/retrofit-accelerated.xml scenarios/no-policy.xml
[ "$(grep -c ': ok$' "$T/out")" = 5 ] && ok || bad "validate prints FILE: ok"
if command -v xmllint >/dev/null 2>&1; then
  expect_rc 0 xmllint --noout --nonet --schema scenarios/schema/woonsim.xsd scenarios/leeuwarden-oost.xml
fi

# Golden output of the small scenario (regenerate deliberately with `make golden`).
expect_rc 0 "$W" run tests/golden/small.xml -o "$T/small.csv"
cmp -s "$T/small.csv" tests/golden/small.csv && ok || bad "small.xml differs from tests/golden/small.csv"
grep -q "^net_added" "$T/out" && ok || bad "run prints a milestone summary"

# Determinism: same seed, same bytes; --jobs does not matter; runs differ.
expect_rc 0 "$W" run -o "$T/a.csv"
expect_rc 0 "$W" run scenarios/leeuwarden-oost.xml -o "$T/b.csv"
cmp -s "$T/a.csv" "$T/b.csv" && ok || bad "embedded and file default scenario differ"
expect_rc 0 "$W" run tests/golden/small.xml --runs 3 --jobs 1 -o "$T/j1.csv"
expect_rc 0 "$W" run tests/golden/small.xml --runs 3 --jobs 3 -o "$T/j3.csv"
cmp -s "$T/j1.csv" "$T/j3.csv" && ok || bad "--jobs 1 and --jobs 3 differ"
grep -q "median" "$T/out" && ok || bad "summary over runs shows the median"
r1=$(grep '^1,' "$T/j1.csv" | cut -d, -f2- | md5sum); r2=$(grep '^2,' "$T/j1.csv" | cut -d, -f2- | md5sum)
[ "$r1" != "$r2" ] && ok || bad "runs 1 and 2 are identical"
expect_rc 0 "$W" run tests/golden/small.xml --seed 8 -o "$T/s8.csv"
cmp -s "$T/s8.csv" "$T/small.csv" && bad "--seed does not change the output" || ok

# The woondeal line: the chance of meeting the target by the deadline over --runs, lower
# when the plans that are only ideas are cancelled.
woondeal_pct() { sed -n 's/^woondeal [0-9]* by [0-9-]*.*: target met in \([0-9]*\) % of 50 runs, median shortfall [0-9]* dwellings$/\1/p' "$T/out"; }
expect_rc 0 "$W" run --runs 50 --jobs 2 -o "$T/wd.csv"
p_all=$(woondeal_pct)
expect_rc 0 "$W" run --runs 50 --jobs 2 -o "$T/wd.csv" \
  --set "/scenario/woondeal/project[@status='idea']/@cancelled=true"
p_noidea=$(woondeal_pct)
[ -n "$p_all" ] && [ -n "$p_noidea" ] && [ "$p_noidea" -lt "$p_all" ] && ok \
  || bad "woondeal line: '$p_all' % met, '$p_noidea' % without the ideas (expected lower)"

# Stock identity and district sums on every row of the default run.
awk -F, 'NR == 1 { next }
  { k = $1 "," $3; if (k in prev && prev[k] + $5 - $6 != $4) bad++; prev[k] = $4
    if ($3 == "total") tot[$1 "," $2] = $4; else sum[$1 "," $2] += $4 }
  END { for (t in tot) if (tot[t] != sum[t]) bad++; exit bad > 0 }' "$T/a.csv" \
  && ok || bad "stock identity or district sums fail in the default run"
head -n 1 "$T/a.csv" | grep -q '^run,date,district,dwellings,completions,demolitions,net_added,pipeline,owner,social,private,private_in_zone,permits_active,inspections,violations_found,substandard,retrofit_offered,retrofit_adopted,retrofit_completed,gas_m3,co2_t,energy_cost_eur,energy_poor,liveability' \
  && ok || bad "CSV header"
for d in oud-oost bilgaard vrijheidswijk heechterp-schieringen camminghaburen total; do
  grep -q ",$d," "$T/a.csv" && ok || bad "no rows for $d"
done

# --set: quotes and brackets, '=' inside the value, matching nothing.
expect_rc 0 "$W" run tests/golden/small.xml -o "$T/set.csv" \
  --set "/scenario/area/district[@id='east']/neighbourhood[@id='east-b']/stock/dwellings/@count=10" \
  --set "/scenario/area/district[@id='west']/@name=West=Side"
grep -q '^1,2024-01,east,210,' "$T/set.csv" && ok || bad "--set on a count did not change the stock"
expect_rc 2 "$W" run tests/golden/small.xml --set "/scenario/nothing/@x=1" -o "$T/n.csv"
grep -q "matches nothing" "$T/err" && ok || bad "--set matching nothing says so"
[ ! -e "$T/n.csv" ] && ok || bad "a failed run wrote its output"

# Unwritable output: exit 1, a clear message, nothing written.
mkdir "$T/ro" && chmod 555 "$T/ro"
if [ "$(id -u)" != 0 ]; then
  expect_rc 1 "$W" run tests/golden/small.xml -o "$T/ro/x.csv"
  grep -q "cannot create" "$T/err" && ok || bad "unwritable directory message"
fi
expect_rc 1 "$W" run tests/golden/small.xml -o "$T/no-such-dir/x.csv"
grep -q "no-such-dir/x.csv: cannot create a file there" "$T/err" && ok || bad "missing directory message"

# A device as output is written in place, not replaced by a file.
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/fromfifo" &
expect_rc 0 "$W" run tests/golden/small.xml -o "$T/fifo"
wait
[ -p "$T/fifo" ] && ok || bad "the FIFO was replaced by a file"
cmp -s "$T/fromfifo" tests/golden/small.csv && ok || bad "output through a FIFO differs"
expect_rc 1 "$W" run tests/golden/small.xml -o "$T"
grep -q "is a directory" "$T/err" && ok || bad "directory as output"

# Less output on request (--columns, --districts) and the Dutch CSV (--csv-format nl):
# the same figures as the full CSV, only chosen, and with ';' and a decimal comma.
G=tests/golden/small.xml
expect_rc 0 "$W" run $G -o "$T/full.csv"
expect_rc 0 "$W" run $G -o "$T/nl.csv" --csv-format nl
awk -F';' 'NR == 1 { print; next } { gsub(",", "."); print }' "$T/nl.csv" | tr ';' ',' >"$T/nl-back.csv"
cmp -s "$T/nl-back.csv" "$T/full.csv" && ok || bad "--csv-format nl is not the CSV with ';' and a decimal comma"
grep -q '^1;2024-01;[a-z-]*;' "$T/nl.csv" && ok || bad "--csv-format nl rows: $(sed -n 2p "$T/nl.csv")"
expect_rc 0 "$W" run $G -o "$T/few.csv" --columns liveability,dwellings --districts total
head -1 "$T/few.csv" | grep -q '^run,date,district,liveability,dwellings' && ok || bad "--columns header: $(head -1 "$T/few.csv")"
lv=$(head -1 "$T/full.csv" | tr ',' '\n' | grep -n '^liveability' | cut -d: -f1)
dw=$(head -1 "$T/full.csv" | tr ',' '\n' | grep -nx 'dwellings' | cut -d: -f1)
awk -F, -v l="$lv" -v d="$dw" 'NR > 1 && $3 == "total" { printf "%s,%s,%s,%s,%s\r\n", $1, $2, $3, $l, $(d) }' "$T/full.csv" >"$T/few-want.csv"
tail -n +2 "$T/few.csv" | cmp -s - "$T/few-want.csv" && ok || bad "--columns/--districts rows differ from the full CSV's"
expect_rc 2 "$W" run $G -o "$T/x.csv" --columns liveability,nosuch
grep -q "no indicator 'nosuch'" "$T/err" && ok || bad "unknown column message: $(cat "$T/err")"
expect_rc 2 "$W" run $G -o "$T/x.csv" --columns liveability,liveability
expect_rc 2 "$W" run $G -o "$T/x.csv" --columns ""
expect_rc 2 "$W" run $G -o "$T/x.csv" --districts total,atlantis
grep -q "no district 'atlantis'" "$T/err" && ok || bad "unknown district message: $(cat "$T/err")"
expect_rc 2 "$W" run $G -o "$T/x.csv" --csv-format de
[ ! -e "$T/x.csv" ] && ok || bad "a refused option left an output file"

# Progress in a pipe: a line every WOONSIM_PROGRESS_SECONDS (10 by default) with
# done/total, rate and time left, then a final line; short work in a pipe stays quiet.
WOONSIM_PROGRESS_SECONDS=0 "$W" run $G --runs 5 -o "$T/p.csv" 2>"$T/perr" >/dev/null
grep -q '^woonsim: run: [1-4]/5 runs, [0-9.]* runs/s, [0-9:]* left$' "$T/perr" && ok || bad "no progress line: $(cat "$T/perr")"
tail -1 "$T/perr" | grep -q '^woonsim: run: 5 runs done in [0-9:]* ([0-9.]* s), [0-9.]* runs/s$' && ok || bad "no final line: $(tail -1 "$T/perr")"
"$W" run $G --runs 5 -o "$T/p.csv" 2>"$T/perr" >/dev/null
[ ! -s "$T/perr" ] && ok || bad "a short run printed progress: $(cat "$T/perr")"
S=tests/sweeps/small-lhs.xml
WOONSIM_PROGRESS_SECONDS=0 "$W" sweep $S -o "$T/p.sqlite" --shard 2/3 2>"$T/perr" >/dev/null
grep -q '^woonsim: sweep: 0 of 12 runs of shard 2/3 already in the store; running 12$' "$T/perr" && ok || bad "shard note: $(head -1 "$T/perr")"
grep -q '^woonsim: sweep: [0-9]*/12 runs, ' "$T/perr" && ok || bad "no sweep progress line"
tail -1 "$T/perr" | grep -q '^woonsim: sweep: 12 runs done in ' && ok || bad "no sweep final line"
"$W" sweep $S -o "$T/p.sqlite" --resume 2>"$T/perr" >/dev/null
grep -q '^woonsim: sweep: 12 of 36 runs already in the store; running 24$' "$T/perr" && ok || bad "resume note: $(head -1 "$T/perr")"

# compare: the mean paired difference's 95 % CI (known answer from two runs' CSVs, t with
# 4 degrees of freedom), --district, no "-0", --uncertain.
"$W" run scenarios/leeuwarden-oost.xml --runs 5 -o "$T/ca.csv" >/dev/null 2>&1
"$W" run scenarios/no-permit.xml --runs 5 -o "$T/cb.csv" >/dev/null 2>&1
expect_rc 0 "$W" compare scenarios/leeuwarden-oost.xml scenarios/no-permit.xml --runs 5 --at 2035 -o "$T/cmp.csv"
head -n 1 "$T/cmp.csv" | grep -q 'diff_q95,diff_mean,diff_ci_low,diff_ci_high,district' && ok || bad "compare CSV header"
grep -q "mean diff, 95% CI" "$T/out" && ok || bad "compare prints the CI line"
col=$(head -n 1 "$T/ca.csv" | tr ',' '\n' | grep -n '^substandard' | cut -d: -f1)
want=$(for f in ca cb; do awk -F, -v c="$col" '$2=="2035-12" && $3=="total" {print $c}' "$T/$f.csv"; done |
  awk '{v[NR]=$1} END {n=NR/2; for(i=1;i<=n;i++){d[i]=v[n+i]-v[i]; m+=d[i]/n}
       for(i=1;i<=n;i++) s+=(d[i]-m)^2; h=2.7764451*sqrt(s/(n-1))/sqrt(n);
       printf "%.1f,%.1f,%.1f", m, m-h, m+h}')
got=$(grep 'geen verhuurvergunning",substandard,2035-12' "$T/cmp.csv" | cut -d, -f10-12)
[ -n "$want" ] && [ "$got" = "$want" ] && ok || bad "compare CI '$got', expected '$want'"
expect_rc 0 "$W" compare scenarios/leeuwarden-oost.xml scenarios/no-permit.xml --runs 3 --at 2030 --district bilgaard -o "$T/cmpd.csv"
grep -q "of district bilgaard" "$T/out" && ok || bad "compare --district heading"
[ "$(tail -n +2 "$T/cmpd.csv" | tr -d '\r' | grep -vc ',bilgaard$')" = 0 ] && ok || bad "compare --district rows"
dcol=$(head -n 1 "$T/ca.csv" | tr ',' '\n' | grep -n '^dwellings' | cut -d: -f1)
"$W" run scenarios/leeuwarden-oost.xml --runs 3 -o "$T/c3.csv" >/dev/null 2>&1
med=$(awk -F, -v c="$dcol" '$2=="2030-12" && $3=="bilgaard" {print $c}' "$T/c3.csv" | sort -n | sed -n 2p)
grep -q "Oost - basis\",dwellings,2030-12,$med," "$T/cmpd.csv" && ok || bad "compare --district median is not bilgaard's ($med)"
expect_rc 2 "$W" compare scenarios/leeuwarden-oost.xml --district nowhere
grep -q "no such district" "$T/err" && ok || bad "compare --district nowhere message"
! grep -Eq '(^|[^0-9.])[-+]0(\.0+)?([^0-9.]|$)' "$T/out" "$T/cmp.csv" "$T/cmpd.csv" && ok || bad "compare printed -0 or +0"
expect_rc 0 "$W" compare scenarios/leeuwarden-oost.xml scenarios/no-permit.xml --runs 3 --at 2035 --uncertain --jobs 2 -o "$T/cmpu.csv"
grep -q "draws its own values" "$T/out" && ok || bad "compare --uncertain heading"
cmp -s "$T/cmp.csv" "$T/cmpu.csv" && bad "compare --uncertain changed nothing" || ok
expect_rc 0 "$W" run tests/golden/small.xml --uncertain -o "$T/nu.csv"
grep -q "declares no <uncertain>" "$T/err" && ok || bad "run --uncertain without declarations says so"
cmp -s "$T/nu.csv" tests/golden/small.csv && ok || bad "run --uncertain without declarations changed the output"

summary cli
