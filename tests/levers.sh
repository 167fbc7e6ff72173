#!/bin/sh
# Levers: every bad <lever> is refused by validate (FILE:LINE, exit 2); the viewer's
# headless --lever and --save-levers write a variant that validates and that `woonsim run`
# reproduces bit for bit against `woonsim run --set` with the same value; the lever
# benchmark prints its figure. usage: tests/levers.sh build/woonsim
set -u
. tests/lib.sh

for f in tests/bad-levers/*.xml; do
  exp=$(cat "${f%.xml}.expect")
  "$W" validate "$f" >"$T/out" 2>"$T/err"; rc=$?
  first=$(head -n 1 "$T/err")
  if [ $rc = 2 ] && printf '%s' "$first" | grep -qF -- "$f$exp"; then ok
  else bad "$f: exit $rc, message '$first', expected '$f$exp'"; fi
done
[ "$(ls tests/bad-levers/*.xml | wc -l)" -ge 7 ] && ok || bad "fewer than 7 bad levers"
"$W" validate scenarios/leeuwarden-oost.xml >/dev/null && ok || bad "default does not validate"

export SDL_VIDEODRIVER=offscreen
sel=/scenario/landlord-permit/@inspections-per-month
"$V" --lever inspections=80 --lever slip=0.35 --save-levers "$T/saved.xml" >"$T/out" 2>&1 \
  && ok || bad "--save-levers: $(cat "$T/out")"
"$W" validate "$T/saved.xml" >/dev/null 2>&1 && ok || bad "the saved scenario does not validate"
grep -c "<set " "$T/saved.xml" | grep -qx 2 && ok || bad "not one <set> per moved lever"
"$W" run "$T/saved.xml" --runs 3 --jobs 2 -o "$T/a.csv" >/dev/null 2>&1
"$W" run --runs 3 --jobs 2 --set "$sel=80" --set /scenario/woondeal/@slip-probability=0.35 \
  -o "$T/b.csv" >/dev/null 2>&1
[ -s "$T/a.csv" ] && cmp -s "$T/a.csv" "$T/b.csv" && ok \
  || bad "the saved scenario's run differs from run --set"

# Bad --lever values: exit 2, nothing written.
for lv in nothing=1 inspections=42 inspections=500 permit-zones=bilgaard noequals; do
  "$V" --lever "$lv" --save-levers "$T/x.xml" >/dev/null 2>&1; rc=$?
  [ $rc = 2 ] && [ ! -e "$T/x.xml" ] && ok || bad "--lever $lv: exit $rc"
done

# --diff of one scenario: with levers, the levers' result minus the loaded scenario;
# without, a usage error (exit 2, nothing written).
"$V" --diff --lever inspections=80 --runs 2 --date 2030-12 --render -o "$T/d.png" \
  >"$T/out" 2>&1 && [ -s "$T/d.png" ] && ok || bad "--diff --lever: $(cat "$T/out")"
"$V" --diff --runs 2 --date 2030-12 --render -o "$T/e.png" >"$T/out" 2>&1; rc=$?
[ $rc = 2 ] && [ ! -e "$T/e.png" ] && grep -q "diff needs" "$T/out" && ok \
  || bad "--diff of one scenario without levers: exit $rc"

"$V" --bench-levers 3 --runs 4 >"$T/bench" 2>&1 && grep -q "median .* ms" "$T/bench" && ok \
  || bad "--bench-levers: $(cat "$T/bench")"

summary levers.sh
