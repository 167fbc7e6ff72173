#!/bin/sh
# woonsim track from the command line: figures taken from one run's CSV are on-track,
# a figure far below its band is behind, the -o table's columns, the example file, and
# every bad actuals file (ACTUALS.csv:LINE: message, exit 2, no output written).
# usage: tests/track.sh build/woonsim
set -u
. tests/lib.sh
S=scenarios/leeuwarden-oost.xml

# Run 1's own area figures at two dates, and half its dwellings (far below the band).
"$W" run $S -o "$T/r1.csv" >/dev/null || bad "run"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print "date,district,indicator,value"; next }
  $3 == "total" && ($2 == "2027-12" || $2 == "2030-12") {
    print $2 ",total,retrofit_completed," $c["retrofit_completed"]
    print $2 ",total,dwellings," $c["dwellings"] }
  $3 == "total" && $2 == "2029-12" { print "2029,total,dwellings," int($c["dwellings"] / 2) }' \
  "$T/r1.csv" > "$T/act.csv"
"$W" track $S "$T/act.csv" --runs 30 --jobs 2 -o "$T/out.csv" > "$T/stdout" 2>"$T/err" \
  && ok || bad "track exited $?: $(cat "$T/err")"
[ "$(head -n 1 "$T/out.csv")" = "indicator,district,date,actual,median,p5,p95,percentile,verdict" ] \
  && ok || bad "-o header: $(head -n 1 "$T/out.csv")"
[ "$(wc -l < "$T/out.csv")" = 6 ] && ok || bad "-o rows: $(wc -l < "$T/out.csv")"
# Each of run 1's figures is on-track when it lies inside its band, and some do.
awk -F, 'NR > 1 && $3 != "2029-12" { inside = $4 >= $6 && $4 <= $7; n += inside
  if (inside && $9 != "on-track") bad = 1 } END { exit bad || n == 0 }' "$T/out.csv" \
  && ok || bad "inside the band but not on-track: $(cat "$T/out.csv")"
grep -q '^dwellings,total,2029-12,[0-9]*,.*,0.0,behind$' "$T/out.csv" && ok \
  || bad "half the dwellings not behind: $(grep 2029-12 "$T/out.csv")"
grep -q '^woondeal 1500 by 2035-12 .*: met in [0-9]* % of 30 runs before the actuals, [0-9]* % given them$' \
  "$T/stdout" && ok || bad "woondeal prior/updated line: $(grep woondeal "$T/stdout")"
grep -q 'effective sample size [0-9.]* of 30' "$T/stdout" && ok || bad "effective sample size"
# Same bytes whatever --jobs.
"$W" track $S "$T/act.csv" --runs 30 --jobs 1 -o "$T/out1.csv" > /dev/null 2>&1
cmp -s "$T/out.csv" "$T/out1.csv" && ok || bad "-o differs with --jobs"

# The shipped example reads and runs.
"$W" track $S scenarios/actuals/example.csv --runs 20 > "$T/stdout" 2>"$T/err" && ok \
  || bad "example: $(cat "$T/err")"
grep -q '^retrofit_adopted  *total  *2024-12  *11 ' "$T/stdout" && ok || bad "the pilot's row"

# Bad actuals: ACTUALS.csv:LINE: message, exit 2, -o not written.
H=date,district,indicator,value
expect_bad() { # name content message
  printf '%s\n' "$2" > "$T/$1.csv"
  "$W" track $S "$T/$1.csv" --runs 2 -o "$T/$1.out" > /dev/null 2>"$T/err"; rc=$?
  if [ $rc = 2 ] && grep -qF "$T/$1.csv:$3" "$T/err" && [ ! -e "$T/$1.out" ]; then ok
  else bad "$1: exit $rc, '$(cat "$T/err")', expected ':$3'"; fi
}
expect_bad indicator "$H
2025,total,no_such,1" '2: unknown indicator "no_such"'
expect_bad district "$H
2025,total,net_added,1
2025,nowhere,net_added,1" '3: unknown district "nowhere"'
expect_bad date "$H
25-1,total,net_added,1" '2: date "25-1" is not YYYY-MM or YYYY'
expect_bad outside "$H
2050-01,total,net_added,1" '2: date 2050-01 is outside the run'
expect_bad value "$H
2025,total,net_added,1e999" '2: value "1e999" is not a number'
expect_bad header "2025,total,net_added,1" '1: unknown column "2025"'
"$W" track $S "$T/none.csv" > /dev/null 2>&1; [ $? = 2 ] && ok || bad "missing file: exit 2"
"$W" track $S > /dev/null 2>&1; [ $? = 2 ] && ok || bad "one file: exit 2"
"$W" track $S "$T/act.csv" --error 0 > /dev/null 2>&1; [ $? = 2 ] && ok || bad "--error 0: exit 2"

summary track
