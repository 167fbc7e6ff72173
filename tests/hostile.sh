#!/bin/sh
# Hostile inputs: entity bombs, external entities and DTDs, deep nesting, huge values,
# numbers out of range, NaN/Inf, a million neighbourhoods, hostile sweeps and maps. Each
# must exit 2 with "FILE:LINE: message" (or "FILE: message"), within two seconds (the issue 20 bound), under a
# 1 GiB address-space limit. The files are generated here.
# usage: sh tests/hostile.sh build/woonsim     (run from the repository root)
set -u
. tests/lib.sh
slowest=0

# A sanitizer build reserves terabytes of address space and runs several times slower:
# no memory limit there, and ten seconds instead of one.
limit_ms=2000; mem="ulimit -v 1048576"
if ! sh -c 'ulimit -v 1048576; "$0" --version' "$W" >/dev/null 2>&1; then
  limit_ms=10000; mem=":"
  echo "note: $W does not run under ulimit -v (a sanitizer build?): no memory limit, ${limit_ms} ms"
fi

# expect2 FILE TEXT CMD...: CMD exits 2, its first stderr line starts with FILE then
# TEXT (":LINE: message" or ": message"), within limit_ms and the memory limit.
expect2() {
  file=$1; text=$2; shift 2
  t0=$(date +%s%N)
  (eval "$mem"; exec timeout 20 "$@") >"$T/out" 2>"$T/err"; rc=$?
  ms=$((($(date +%s%N) - t0) / 1000000))
  [ $ms -gt $slowest ] && slowest=$ms
  first=$(head -n 1 "$T/err" | cut -c 1-300)
  case $first in
    "$file$text"*) msgok=1 ;;
    *) msgok=0 ;;
  esac
  if [ $rc = 2 ] && [ $msgok = 1 ] && [ $ms -le $limit_ms ]; then ok
  else bad "$(basename -- "$file"): exit $rc in $ms ms, message '$first' (want '$file$text')"; fi
}

# The small scenario with its <area> opening tag replaced by $2, written to $1.
with_area() { sed "s|<area>|$2|" tests/golden/small.xml >"$1"; }

# ---------------------------------------------------------------- scenario files

laughs() { # $1: the element that uses the entity
  printf '<?xml version="1.0"?>\n<!DOCTYPE %s [\n <!ENTITY a "aaaaaaaaaa">\n' "$1"
  prev=a
  for e in b c d e f g h i j; do
    printf ' <!ENTITY %s "&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;">\n' $e $prev $prev $prev $prev $prev $prev $prev $prev $prev $prev
    prev=$e
  done
  printf ']>\n'
}
{ laughs scenario; printf '<scenario name="&j;" start="2024-01" end="2024-12" seed="1"/>\n'; } >"$T/laughs.xml"
expect2 "$T/laughs.xml" ":2: DOCTYPE declarations are not allowed" "$W" validate "$T/laughs.xml"

# The same in UTF-16, where a byte search for "<!DOCTYPE" finds nothing.
iconv -f UTF-8 -t UTF-16 "$T/laughs.xml" >"$T/laughs16.xml"
expect2 "$T/laughs16.xml" ":1: NUL byte" "$W" validate "$T/laughs16.xml"

# External entities (a file, the network) and an external DTD.
printf '<?xml version="1.0"?>\n<!DOCTYPE scenario [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n<scenario name="&x;" start="2024-01" end="2024-12" seed="1"/>\n' >"$T/ext-file.xml"
expect2 "$T/ext-file.xml" ":2: DOCTYPE declarations are not allowed" "$W" validate "$T/ext-file.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE scenario [ <!ENTITY x SYSTEM "http://127.0.0.1:9/x"> ]>\n<scenario name="&x;" start="2024-01" end="2024-12" seed="1"/>\n' >"$T/ext-http.xml"
expect2 "$T/ext-http.xml" ":2: DOCTYPE declarations are not allowed" "$W" validate "$T/ext-http.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE scenario SYSTEM "http://127.0.0.1:9/woonsim.dtd">\n<scenario name="t" start="2024-01" end="2024-12" seed="1"/>\n' >"$T/ext-dtd.xml"
expect2 "$T/ext-dtd.xml" ":2: DOCTYPE declarations are not allowed" "$W" validate "$T/ext-dtd.xml"

# Files a scenario names must be regular files: a FIFO would block for ever.
mkfifo "$T/fifo"
printf '<?xml version="1.0"?>\n<scenario extends="fifo" name="v"/>\n' >"$T/extends-fifo.xml"
expect2 "$T/extends-fifo.xml" ":2: extends '$T/fifo': not a regular file" "$W" validate "$T/extends-fifo.xml"
printf '<?xml version="1.0"?>\n<scenario extends="/dev/zero" name="v"/>\n' >"$T/extends-zero.xml"
expect2 "$T/extends-zero.xml" ":2: extends '/dev/zero': not a regular file" "$W" validate "$T/extends-zero.xml"
# XInclude is not processed, and schema location hints are not fetched.
sed 's|<scenario |<scenario xmlns:xi="http://www.w3.org/2001/XInclude" |; s|<prices>|<xi:include href="fifo"/><prices>|' \
  tests/golden/small.xml >"$T/xinclude.xml"
expect2 "$T/xinclude.xml" ":33: Element '{http://www.w3.org/2001/XInclude}include': This element is not expected" "$W" validate "$T/xinclude.xml"
sed "s|<scenario |<scenario xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"$T/fifo\" |" \
  tests/golden/small.xml >"$T/xsi.xml"
(eval "$mem"; exec timeout 5 "$W" validate "$T/xsi.xml") >/dev/null 2>&1 && ok || bad "xsi:noNamespaceSchemaLocation was followed"

# Very deep nesting: 100000 levels.
awk 'BEGIN { printf "<?xml version=\"1.0\"?>\n<scenario name=\"t\" start=\"2024-01\" end=\"2024-12\" seed=\"1\"><area>\n"
  for (i = 0; i < 100000; i++) printf "<x>"; for (i = 0; i < 100000; i++) printf "</x>"
  printf "</area></scenario>\n" }' >"$T/deep.xml"
expect2 "$T/deep.xml" ":3: Excessive depth in document" "$W" validate "$T/deep.xml"

# A 50 MB attribute value, and one left open to the end of the file.
{ printf '<?xml version="1.0"?>\n<scenario name="'; head -c 50000000 /dev/zero | tr '\0' a
  printf '" start="2024-01" end="2024-12" seed="1"/>\n'; } >"$T/huge-attr.xml"
expect2 "$T/huge-attr.xml" ":2: an attribute value is longer than 1048576 bytes" "$W" validate "$T/huge-attr.xml"
{ printf '<?xml version="1.0"?>\n<scenario name="'; head -c 50000000 /dev/zero | tr '\0' a; } >"$T/open-attr.xml"
expect2 "$T/open-attr.xml" ":2: an attribute value is longer than 1048576 bytes" "$W" validate "$T/open-attr.xml"
# 200000 attributes (or namespace declarations) on one element: libxml2 checks for
# duplicates in quadratic time.
awk 'BEGIN { printf "<?xml version=\"1.0\"?>\n<scenario"; for (i = 0; i < 200000; i++) printf " a%d=\"\"", i
  printf " name=\"t\" start=\"2024-01\" end=\"2024-12\" seed=\"1\"/>\n" }' >"$T/attrs.xml"
expect2 "$T/attrs.xml" ":2: more than 256 attributes on one element" "$W" validate "$T/attrs.xml"
awk 'BEGIN { printf "<?xml version=\"1.0\"?>\n<scenario"; for (i = 0; i < 200000; i++) printf " xmlns:p%d=\"u%d\"", i, i
  printf " name=\"t\" start=\"2024-01\" end=\"2024-12\" seed=\"1\"/>\n" }' >"$T/xmlns.xml"
expect2 "$T/xmlns.xml" ":2: more than 256 attributes on one element" "$W" validate "$T/xmlns.xml"
# Over the size limit (a sparse file).
truncate -s 100M "$T/big.xml"
expect2 "$T/big.xml" ": file larger than 64 MiB" "$W" validate "$T/big.xml"

# Numbers out of range, NaN, Inf, 1e999 (schema types and the reader's own checks).
num() { # $1: name, $2: sed edit of the small scenario, $3: expected text
  sed "$2" tests/golden/small.xml >"$T/$1.xml"
  expect2 "$T/$1.xml" "$3" "$W" validate "$T/$1.xml"
}
num count-huge 's/count="120"/count="99999999999999999999"/' ":14: Element 'dwellings', attribute 'count': [facet 'maxInclusive']"
num count-negative 's/count="120"/count="-1"/' ":14: Element 'dwellings', attribute 'count'"
num seed-range 's/seed="7"/seed="4294967296"/' ":4: seed=4294967296 is out of range"
num year-range 's/year="2024" value="1.45"/year="99999999999" value="1.45"/' ":34: Element 'point', attribute 'year'"
num value-nan 's/value="1.45"/value="NaN"/' ":34: Element 'point', attribute 'value': 'NaN' is not a valid value"
num value-inf 's/value="1.45"/value="INF"/' ":34: Element 'point', attribute 'value': 'INF' is not a valid value"
num value-minus-inf 's/value="1.45"/value="-Inf"/' ":34: Element 'point', attribute 'value': '-Inf' is not a valid value"
num value-1e999 's/value="1.45"/value="1e999"/' ":34: Element 'point', attribute 'value': '1e999' is not a valid value"
num area-1e999 's/floor-area="60"/floor-area="1e999"/' ":14: Element 'dwellings', attribute 'floor-area'"
num prob-nan 's/slip-probability="0.2"/slip-probability="NaN"/' ":38: Element 'woondeal', attribute 'slip-probability'"
num mix-nan 's/mix="low:0.3 middle:0.5 high:0.2"/mix="low:NaN middle:0.5 high:0.2"/' ":8: Element 'income', attribute 'mix'"
num month-range 's/end="2025-12"/end="9999-12"/' ":4: end=\"9999-12\" is not a month"
# The same through --set (the value is checked after the edit).
cp tests/golden/small.xml "$T/small.xml"
expect2 "--set /scenario/prices/series[@name='gas']/point[1]/@value=NaN" ": value rejected by the schema: Element 'point', attribute 'value': 'NaN' is not a valid value" \
  "$W" run "$T/small.xml" -o "$T/set.csv" --set "/scenario/prices/series[@name='gas']/point[1]/@value=NaN"

# A million neighbourhoods, a million districts, a million stock rows.
gen_area() { # $1: file, $2: awk body printing the area's inside
  { printf '<?xml version="1.0"?>\n<scenario name="t" start="2024-01" end="2024-12" seed="1">\n<area>\n'
    printf '<labels period="1945-1964" mix="A:1 B:0 C:0 D:0 E:0 F:0 G:0"/><income tenure="owner" mix="low:1 middle:0 high:0"/>\n'
    awk "BEGIN { $2 }"
    printf '</area>\n<prices><series name="gas"><point year="2024" value="1"/></series>'
    printf '<series name="electricity"><point year="2024" value="1"/></series></prices>\n</scenario>\n'; } >"$1"
}
gen_area "$T/nbh.xml" 'print "<district id=\"d\">"; for (i = 0; i < 1000000; i++) print "<neighbourhood id=\"n" i "\"/>"; print "</district>"'
expect2 "$T/nbh.xml" ":1030: more than 1024 <neighbourhood> elements" "$W" validate "$T/nbh.xml"
gen_area "$T/districts.xml" 'for (i = 0; i < 1000000; i++) print "<district id=\"d" i "\" name=\"D\"/>"'
expect2 "$T/districts.xml" ":69: more than 64 <district> elements" "$W" validate "$T/districts.xml"
gen_area "$T/rows.xml" 'print "<district id=\"d\"><neighbourhood id=\"n\"><stock>"
  for (i = 0; i < 1000000; i++) print "<dwellings type=\"terraced\" tenure=\"owner\" period=\"1945-1964\" count=\"1\"/>"
  print "</stock></neighbourhood></district>"'
expect2 "$T/rows.xml" ": file larger than 64 MiB" "$W" validate "$T/rows.xml"
gen_area "$T/elements.xml" 'print "<district id=\"d\"><neighbourhood id=\"n\"><stock>"
  for (i = 0; i < 1000000; i++) print "<x/>"
  print "</stock></neighbourhood></district>"'
expect2 "$T/elements.xml" ":149999: more than 150000 elements" "$W" validate "$T/elements.xml"
# Lists under an xs:unique, which libxml2 checks in quadratic time.
gen_area "$T/labels.xml" 'for (i = 0; i < 1000000; i++) print "<labels period=\"new\" mix=\"A:1\"/>"'
expect2 "$T/labels.xml" ":7179: more than 7175 <labels> elements" "$W" validate "$T/labels.xml"
awk '{ if ($0 ~ /<\/woondeal>/) for (i = 0; i < 100000; i++) printf "<project id=\"p%d\" neighbourhood=\"east-a\" dwellings=\"1\" type=\"apartment\" start=\"2024-02\" tenure=\"social:1\"><phase name=\"a\" mean-months=\"1\" sd-months=\"1\"/></project>\n", i
  print }' tests/golden/small.xml >"$T/projects.xml"
expect2 "$T/projects.xml" ":5043: more than 5000 <project> elements" "$W" validate "$T/projects.xml"

# An XPath whose cost is the document size to the fourth power, in a variant's <set>.
printf '<?xml version="1.0"?>\n<scenario extends="%s/scenarios/leeuwarden-oost.xml" name="v">\n  <set select="//*[count(//*[count(//*[count(//*) &gt; 0]) &gt; 0]) &gt; 0]/@name" value="x"/>\n</scenario>\n' \
  "$(pwd)" >"$T/xpath.xml"
expect2 "$T/xpath.xml" ":3: select '//*[count(" "$W" validate "$T/xpath.xml"
grep -q "takes too long to evaluate" "$T/err" && ok || bad "xpath bomb message: $(head -c 300 "$T/err")"

# 20000 selects of 50000 steps each: one budget of XPath steps for all of them.
{ printf '<?xml version="1.0"?>\n<scenario extends="%s/scenarios/leeuwarden-oost.xml" name="v">\n' "$(pwd)"
  awk 'BEGIN { for (i = 0; i < 20000; i++) print "<set select=\"//*[count(//*) &gt; 0]/@name\" value=\"x\"/>" }'
  printf '</scenario>\n'; } >"$T/xpath-many.xml"
expect2 "$T/xpath-many.xml" ":" "$W" validate "$T/xpath-many.xml"
grep -q "takes too long to evaluate (the selects of a scenario have 2000000 steps in all)" "$T/err" && ok \
  || bad "many selects: $(head -c 300 "$T/err")"

# ---------------------------------------------------------------- sweep files

sweep_head='<sweep name="h" scenario="../golden/small.xml" design="lhs" samples="4" seed="1"'
mkdir -p "$T/sw/golden" "$T/sw/x" && cp tests/golden/small.xml "$T/sw/golden/"
{ laughs sweep; printf '%s>\n<parameter name="a" select="/scenario/@seed" min="1" max="9"/>\n<output indicators="dwellings" at="2024-12" name="&j;"/>\n</sweep>\n' "$sweep_head"; } >"$T/sw/x/laughs.xml"
expect2 "$T/sw/x/laughs.xml" ":2: DOCTYPE declarations are not allowed" "$W" sweep "$T/sw/x/laughs.xml" -o "$T/sw/l.sqlite"
sw() { # $1: name, $2: root attributes after the head, $3: parameters
  printf '<?xml version="1.0"?>\n%s %s>\n%s\n<output indicators="dwellings" at="2024-12"/>\n</sweep>\n' \
    "$sweep_head" "$2" "$3" >"$T/sw/x/$1.xml"
}
sw samples-replicates 'replicates="10000"' '<parameter name="a" select="/scenario/@seed" min="1" max="9"/>'
sed -i 's/samples="4"/samples="1000000"/' "$T/sw/x/samples-replicates.xml"
expect2 "$T/sw/x/samples-replicates.xml" ": the design has more than 10000000 runs" "$W" sweep "$T/sw/x/samples-replicates.xml" -o "$T/sw/s.sqlite"
sw samples-range '' '<parameter name="a" select="/scenario/@seed" min="1" max="9"/>'
sed -i 's/samples="4"/samples="99999999999999"/' "$T/sw/x/samples-range.xml"
expect2 "$T/sw/x/samples-range.xml" ":2: Element 'sweep', attribute 'samples'" "$W" sweep "$T/sw/x/samples-range.xml" -o "$T/sw/s.sqlite"
params=$(awk 'BEGIN { for (i = 0; i < 32; i++) printf "<parameter name=\"p%d\" select=\"/scenario/@seed\" values=\"1 2 3 4 5 6 7 8 9 10\"/>\n", i }')
sw grid-explosion '' "$params"
sed -i 's/design="lhs"/design="grid"/' "$T/sw/x/grid-explosion.xml"
expect2 "$T/sw/x/grid-explosion.xml" ": the design has more than 10000000 runs" "$W" sweep "$T/sw/x/grid-explosion.xml" -o "$T/sw/s.sqlite"
params=$(awk 'BEGIN { for (i = 0; i < 32; i++) printf "<parameter name=\"p%d\" select=\"/scenario/@seed\" min=\"1\" max=\"9\"/>\n", i }')
sw values-explosion '' "$params"
sed -i 's/samples="4"/samples="1000000"/' "$T/sw/x/values-explosion.xml"
expect2 "$T/sw/x/values-explosion.xml" ": the design has more than 2000000 values" "$W" sweep "$T/sw/x/values-explosion.xml" -o "$T/sw/s.sqlite"
sw min-nan '' '<parameter name="a" select="/scenario/@seed" min="NaN" max="9"/>'
expect2 "$T/sw/x/min-nan.xml" ":3: min=\"NaN\" is not a number" "$W" sweep "$T/sw/x/min-nan.xml" -o "$T/sw/s.sqlite"
sw values-inf '' '<parameter name="a" select="/scenario/@seed" values="1 INF"/>'
expect2 "$T/sw/x/values-inf.xml" ":3: values must be finite numbers" "$W" sweep "$T/sw/x/values-inf.xml" -o "$T/sw/s.sqlite"
sw select-bomb '' '<parameter name="a" select="//*[count(//*[count(//*[count(//*) &gt; 0]) &gt; 0]) &gt; 0]/@seed" min="1" max="9" integer="true"/>'
sed -i "s|scenario=\"../golden/small.xml\"|scenario=\"$(pwd)/scenarios/leeuwarden-oost.xml\"|" "$T/sw/x/select-bomb.xml"
expect2 "$T/sw/x/select-bomb.xml" ":3: parameter 'a' value" "$W" sweep "$T/sw/x/select-bomb.xml" -o "$T/sw/s.sqlite"
grep -q "takes too long to evaluate" "$T/err" && ok || bad "sweep select bomb message: $(head -c 300 "$T/err")"
sed 's|scenario="../golden/small.xml"|scenario="../../fifo"|' "$T/sw/x/min-nan.xml" >"$T/sw/x/fifo.xml"
expect2 "$T/sw/x/fifo.xml" ":2: the scenario is not a regular file" "$W" sweep "$T/sw/x/fifo.xml" -o "$T/sw/s.sqlite"
[ ! -e "$T/sw/s.sqlite" ] && ok || bad "a rejected sweep created its store"

# ---------------------------------------------------------------- maps (via area map=)

map_case() { # $1: name, $2: expected text; the map is $T/map-$1.xml
  with_area "$T/scen-$1.xml" "<area map=\"map-$1.xml\">"
  expect2 "$T/map-$1.xml" "$2" "$W" validate "$T/scen-$1.xml"
}
ring='<ring>0,0 100,0 100,100 0,100</ring>'
{ laughs map; printf '<map name="&j;"><area id="east-a">%s</area></map>\n' "$ring"; } >"$T/map-laughs.xml"
map_case laughs ":2: DOCTYPE declarations are not allowed"
printf '<?xml version="1.0"?>\n<!DOCTYPE map SYSTEM "http://127.0.0.1:9/map.dtd">\n<map/>\n' >"$T/map-dtd.xml"
map_case dtd ":2: DOCTYPE declarations are not allowed"
awk 'BEGIN { printf "<?xml version=\"1.0\"?>\n<map>\n"; for (i = 0; i < 100000; i++) printf "<x>"
  for (i = 0; i < 100000; i++) printf "</x>"; printf "</map>\n" }' >"$T/map-deep.xml"
map_case deep ":3: Excessive depth in document"
awk -v r="$ring" 'BEGIN { printf "<?xml version=\"1.0\"?>\n<map>\n"
  for (i = 0; i < 1000000; i++) printf "<area id=\"a%d\">%s</area>\n", i, r; printf "</map>\n" }' >"$T/map-areas.xml"
map_case areas ":100003: more than 100000 <area> elements"
{ printf '<?xml version="1.0"?>\n<map name="'; head -c 50000000 /dev/zero | tr '\0' a; printf '"/>\n'; } >"$T/map-attr.xml"
map_case attr ":2: an attribute value is longer than 1048576 bytes"
printf '<?xml version="1.0"?>\n<map><area id="east-a"><ring>0,0 nan,0 100,100</ring></area></map>\n' >"$T/map-nan.xml"
map_case nan ":2: coordinate not finite 'nan,0'"
printf '<?xml version="1.0"?>\n<map><area id="east-a"><ring>0,0 1e999,0 100,100</ring></area></map>\n' >"$T/map-inf.xml"
map_case inf ":2: coordinate not finite '1e999,0'"
# 1000 nested rings of 1000 points: the even-odd area would cost rings^2 x points.
awk 'BEGIN { printf "<?xml version=\"1.0\"?>\n<map><area id=\"east-a\">\n"
  for (r = 1; r <= 1000; r++) { printf "<ring>"
    for (k = 0; k < 1000; k++) { a = 6.283185307 * k / 1000; printf "%.1f,%.1f ", (1000 + 10 * r) * cos(a), (1000 + 10 * r) * sin(a) }
    printf "</ring>\n" }
  printf "</area></map>\n" }' >"$T/map-rings.xml"
map_case rings ":2: area 'east-a' is too complex: 1000 rings x 1000000 points"
with_area "$T/scen-fifo.xml" '<area map="fifo">'
expect2 "$T/scen-fifo.xml" ":5: map '$T/fifo': not a regular file" "$W" validate "$T/scen-fifo.xml"

# ---------------------------------------------------------------- hostile polygons (issue 20)
# 200,000-vertex polygons: a comb of 50,000 thin teeth (1 % of its box), a star of
# 100,000 spikes (long edges across every grid cell), a zigzag sliver. Placing the
# dwellings is bounded work (grid, else scan-line spans): each run exits 0 within
# 2 s, with every dwelling inside (the run's own checks), not rejection by the hour.
expect0_2s() { # $1: name; the rest: the command
  name=$1; shift
  t0=$(date +%s%N)
  (eval "$mem"; exec timeout 60 "$@") >"$T/out" 2>"$T/err"; rc=$?
  ms=$((($(date +%s%N) - t0) / 1000000))
  lim=$((limit_ms * 2))
  if [ $rc = 0 ] && [ $ms -le $lim ]; then ok
  else bad "polygon $name: exit $rc in $ms ms (limit $lim ms): $(head -c 300 "$T/err")"; fi
}
poly_case() { # $1: name, $2: awk program printing east-a's ring
  { printf '<?xml version="1.0"?>\n<map>\n<area id="east-a"><ring>'
    awk "BEGIN { $2 }"
    printf '</ring></area>\n<area id="east-b"><ring>0,-3000 1000,-3000 1000,-2000 0,-2000</ring></area>\n'
    printf '<area id="west-a"><ring>2000,-3000 3000,-3000 3000,-2000 2000,-2000</ring></area>\n</map>\n'
  } >"$T/map-$1.xml"
  with_area "$T/scen-$1.xml" "<area map=\"map-$1.xml\">"
  expect0_2s "$1" "$W" run "$T/scen-$1.xml" --runs 2 -o "$T/poly-$1.csv"
}
poly_case comb 'for (t = 0; t < 49999; t++) printf "%.2f,0.01 %.2f,1000 %.2f,1000 %.2f,0.01 ", 2*t, 2*t, 2*t+0.02, 2*t+0.02;
  printf "99998,0.01 99998,1000 99998.02,1000 99998.02,0 0,0"'
poly_case star 'for (k = 0; k < 200000; k++) { a = 6.283185307179586 * k / 200000; r = k % 2 ? 5 : 1000; printf "%.3f,%.3f ", r * cos(a), r * sin(a) }'
poly_case zigzag 'for (k = 0; k < 100000; k++) printf "%d,%.3f ", k, (k % 2) * 500; for (k = 99999; k >= 0; k--) printf "%d,%.3f ", k, (k % 2) * 500 + 0.05'
# ---------------------------------------------------------------- sizes and string work
# A sweep whose scenario is a 2 GB sparse file: its size is checked before anything
# reads or hashes it.
mkdir -p "$T/sp"; truncate -s 2G "$T/sp/big.xml"
sed 's|scenario="../golden/small.xml"|scenario="big.xml"|' tests/sweeps/small-lhs.xml >"$T/sp/s.xml"
expect2 "$T/sp/big.xml" ": file larger than 64 MiB" "$W" sweep "$T/sp/s.xml" -o "$T/sp/s.sqlite"
rm -f "$T/sp/big.xml"
# A 9 MB comment and a --set whose select builds strings from it (concat, contains).
awk 'NR == 2 { printf "<!--"; for (i = 0; i < 9000; i++) printf "%01000d", 0; print "-->" } { print }' \
  tests/golden/small.xml >"$T/comment.xml"
X='/scenario[contains(concat(//comment(),//comment(),//comment(),//comment()),"q")'
for i in 1 2 3 4 5 6 7 8; do X="$X or contains(concat(//comment(),//comment(),//comment(),//comment(),string(/)),\"q$i\")"; done
# (a long --set is named by its first 100 and last 50 characters)
S="$X]/@seed=3"
expect2 "--set $(printf %.100s "$S")...$(printf %s "$S" | tail -c 50)" ": select" \
  "$W" run "$T/comment.xml" -o "$T/c.csv" --set "$S"

# ---------------------------------------------------------------- caps on counts (class 6)
# Every count that sizes an allocation has a cap (docs/TESTING.md), checked by the
# reader and so by validate: FILE:LINE, exit 2, quickly and in little memory.
# copies N PATTERN FILE: small.xml with the project element repeated N times, each
# project edited by the sed PATTERN (\1 is the copy's number), written to FILE.
copies() {
  awk -v n="$1" '/<project id="renewal"/ { inp = 1 } inp { blk = blk $0 "\n" }
    !inp { print } /<\/project>/ && inp { inp = 0; for (k = 0; k < n; k++) { b = blk
      gsub(/id="renewal"/, "id=\"p" k "\"", b); printf "%s", b } }' tests/golden/small.xml |
    sed "$2" >"$3"
}
copies 21 's/dwellings="70"/dwellings="1000000"/' "$T/cap-planned.xml"
expect2 "$T/cap-planned.xml" ":135: more than 20000000 dwellings with the planned ones" "$W" validate "$T/cap-planned.xml"
copies 3 's/dwellings="70"/dwellings="999500"/; s/count="1[02]0"/count="9999000"/' "$T/cap-planned2.xml"
expect2 "$T/cap-planned2.xml" ":40: more than 20000000 dwellings with the planned ones" "$W" validate "$T/cap-planned2.xml"
copies 101 's/batches="2"/batches="1000"/' "$T/cap-batches.xml"
expect2 "$T/cap-batches.xml" ":540: more than 100000 batches in the projects together" "$W" validate "$T/cap-batches.xml"
expect2 "--set /scenario/woondeal/project/@dwellings=2000000" ": dwellings=2000000 is out of range" \
  "$W" run tests/golden/small.xml -o "$T/o.csv" --set /scenario/woondeal/project/@dwellings=2000000
awk '/<\/scenario>/ { for (k = 0; k <= 1000; k++) printf "  <caption date=\"2024-01\">c%d</caption>\n", k } { print }' \
  tests/golden/small.xml >"$T/cap-captions.xml"
expect2 "$T/cap-captions.xml" ":1045: more than 1000 captions" "$W" validate "$T/cap-captions.xml"
awk '/<\/scenario>/ { for (k = 1; k <= 257; k++) printf "  <uncertain select=\"/scenario[%d]/@seed\" dist=\"uniform\" min=\"1\" max=\"2\"/>\n", k } { print }' \
  tests/golden/small.xml >"$T/cap-uncertain.xml"
expect2 "$T/cap-uncertain.xml" ":301: more than 256 <uncertain> declarations" "$W" validate "$T/cap-uncertain.xml"
# ---------------------------------------------------------------- the line that names a file (class 7)
# A missing, empty, non-XML or unreadable map= or extends= file: the message starts with
# the scenario's FILE:LINE and names the file.
mkdir -p "$T/ref"; : >"$T/ref/empty.xml"; printf 'hello\n' >"$T/ref/text.xml"; printf '\n\n  \n' >"$T/ref/blank.xml"
printf '<?xml version="1.0"?>\n' >"$T/ref/decl.xml"; head -c 300 /dev/urandom | tr -d '<' >"$T/ref/bin.xml"
printf '<?xml version="1.0"?>\n<foo/>\n' >"$T/ref/root.xml"; printf '<map><area id="x">' >"$T/ref/cut.xml"
for f in missing empty text blank decl bin root cut; do
  sed "s|<area>|<area map=\"$f.xml\">|" tests/golden/small.xml >"$T/ref/m-$f.xml"
  expect2 "$T/ref/m-$f.xml" ":5: map '$T/ref/$f.xml': " "$W" validate "$T/ref/m-$f.xml"
  printf '<?xml version="1.0"?>\n<!-- a variant -->\n<scenario name="v"\n  extends="%s.xml"/>\n' "$f" >"$T/ref/e-$f.xml"
  expect2 "$T/ref/e-$f.xml" ":4: extends '$T/ref/$f.xml': " "$W" validate "$T/ref/e-$f.xml"
done
expect2 "$T/ref/m-missing.xml" ":5: map '$T/ref/missing.xml': cannot open: No such file" "$W" run "$T/ref/m-missing.xml" -o "$T/ref/o.csv"
# the same through a chain: the variant of a variant names the line of the one that refers
printf '<?xml version="1.0"?>\n<scenario name="w" extends="e-empty.xml"/>\n' >"$T/ref/chain.xml"
expect2 "$T/ref/e-empty.xml" ":4: extends '$T/ref/empty.xml': " "$W" validate "$T/ref/chain.xml"
# a map named by --set names the --set
expect2 "--set /scenario/area/@map=nowhere.xml" ": map '" "$W" run tests/golden/small.xml -o "$T/o.csv" --set /scenario/area/@map=nowhere.xml
# values the schema rejects name the --set, not the scenario's line
for s in /scenario/@seed=abc /scenario/woondeal/project/@batches=0 "/scenario/woondeal/project/@type=castle" \
         /scenario/woondeal/project/@colour=red "/scenario/prices/series[@name='gas']/point[2]/@value=-1"; do
  expect2 "--set $s" ": value rejected by the schema: " "$W" run tests/golden/small.xml -o "$T/ref/o.csv" --set "$s"
done
sed 's|<area>|<area map="">|' tests/golden/small.xml >"$T/ref/m-none.xml"
expect2 "$T/ref/m-none.xml" ':5: map="" names no file' "$W" validate "$T/ref/m-none.xml"
printf '<?xml version="1.0"?>\n<scenario name="v" extends=""/>\n' >"$T/ref/e-none.xml"
expect2 "$T/ref/e-none.xml" ':2: extends="" names no file' "$W" validate "$T/ref/e-none.xml"
# ---------------------------------------------------------------- over-long paths (class 8)
long=$(awk 'BEGIN { for (i = 0; i < 600; i++) printf "a/"; printf "x.xml" }')
printf '<?xml version="1.0"?>\n<scenario name="v"\n  extends="%s"/>\n' "$long" >"$T/ref/e-long.xml"
expect2 "$T/ref/e-long.xml" ":3: extends path longer than 1023 bytes" "$W" validate "$T/ref/e-long.xml"
sed "s|<area>|<area map=\"$long\">|" tests/golden/small.xml >"$T/ref/m-long.xml"
expect2 "$T/ref/m-long.xml" ":5: map path longer than 1023 bytes" "$W" validate "$T/ref/m-long.xml"

echo "hostile: slowest case $slowest ms (limit $limit_ms ms)"
summary hostile
