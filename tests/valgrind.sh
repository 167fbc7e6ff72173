#!/bin/sh
# Memory: the CLI under valgrind --leak-check=full (no invalid access, nothing left
# allocated at exit) on a default run, the bad inputs, a small sweep and its summary,
# and a few hostile inputs. Skips when valgrind is not installed. Use the normal build
# (valgrind and the sanitizers do not combine).
# usage: sh tests/valgrind.sh build/woonsim     (run from the repository root)
set -u
. tests/lib.sh
case "$W" in
  */san/*) echo "valgrind: skipped (a sanitizer build; valgrind runs on the normal build)"; exit 0 ;;
esac
if ! command -v valgrind >/dev/null 2>&1; then
  echo "valgrind: skipped (valgrind is not installed)"
  exit 0
fi
VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=3"

# vg WANT CMD...: CMD under valgrind exits WANT (3 means valgrind found errors).
vg() {
  want=$1; shift
  $VG "$@" >"$T/out" 2>"$T/err"; rc=$?
  if [ $rc = "$want" ]; then pass=$((pass + 1))
  else fail=$((fail + 1)); echo "FAIL: $* exited $rc, not $want" >&2; grep '^==' "$T/err" | head -n 40 >&2; fi
}

vg 0 "$W" run -o "$T/default.csv"
vg 0 "$W" run tests/golden/small.xml --runs 3 --jobs 2 -o "$T/small.csv"
vg 2 "$W" validate tests/bad/*.xml
vg 2 "$W" run tests/golden/small.xml --set "/scenario/nothing/@x=1" -o "$T/n.csv"
vg 0 "$W" sweep tests/sweeps/small-lhs.xml --jobs 2 -o "$T/s.sqlite"
vg 0 "$W" sweep --summary "$T/s.sqlite" -o "$T/summary.csv"
vg 2 "$W" sweep tests/sweeps/bad-select-nothing.xml -o "$T/bad.sqlite"
vg 0 "$W" compare scenarios/leeuwarden-oost.xml scenarios/no-permit.xml --runs 2
# Hostile: a DOCTYPE, a map with a bad coordinate, an XPath over its operation limit.
printf '<?xml version="1.0"?>\n<!DOCTYPE scenario [<!ENTITY a "a">]>\n<scenario/>\n' >"$T/doctype.xml"
vg 2 "$W" validate "$T/doctype.xml"
printf '<?xml version="1.0"?>\n<map><area id="east-a"><ring>0,0 nan,0 1,1</ring></area></map>\n' >"$T/map.xml"
sed 's|<area>|<area map="map.xml">|' tests/golden/small.xml >"$T/scen.xml"
vg 2 "$W" validate "$T/scen.xml"
printf '<?xml version="1.0"?>\n<scenario extends="%s/scenarios/leeuwarden-oost.xml" name="v">\n<set select="//*[count(//*[count(//*[count(//*) &gt; 0]) &gt; 0]) &gt; 0]/@name" value="x"/>\n</scenario>\n' \
  "$(pwd)" >"$T/xpath.xml"
vg 2 "$W" validate "$T/xpath.xml"

# The viewer's headless render, through the same drawing code as the window.
if [ -x "$V" ]; then
  vg 0 "$V" --render --date 2030-12 -o "$T/frame.png"
fi

summary valgrind
