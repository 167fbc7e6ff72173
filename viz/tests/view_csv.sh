#!/bin/sh
# The viewer's numbers behind the picture: `woonsim-view A.xml B.xml --runs 20 --render
# --date 2030-12 -o view.csv` gives for the whole area the median, 5 % and 95 % that
# `woonsim compare A.xml B.xml --runs 20 --at 2030` prints, and for every district the
# median and quantiles (GSL's definition) of the 20 runs of `woonsim run --runs 20`;
# --csv-format nl; the new options' bad usage (exit 2).
# usage: sh viz/tests/view_csv.sh build/woonsim   (the viewer beside it)
set -u
. tests/lib.sh
A=scenarios/leeuwarden-oost.xml
B=scenarios/woondeal-delayed.xml

expect_rc 0 "$V" "$A" "$B" --runs 20 --jobs 2 --render --date 2030-12 -o "$T/view.csv"
expect_rc 0 "$W" compare "$A" "$B" --runs 20 --jobs 2 --at 2030 -o "$T/cmp.csv"

# 1. the area totals: compare's CSV (scenario,indicator,date,median,q05,q95,...) against
#    the view's total rows (scenario,date,level,area,name,indicator,unit,median,p5,p95)
n=$(awk -F, '
  { sub(/\r$/, "") }
  NR == FNR { if (FNR > 1 && $3 == "total") view[$1 "|" $6] = $8 "|" $9 "|" $10; next }
  FNR == 1 { next }
  { sc = $1; gsub(/"/, "", sc); key = sc "|" $2; want = $4 "|" $5 "|" $6
    if (!(key in view)) { print "missing in view.csv: " key > "/dev/stderr"; bad++ }
    else if (view[key] != want) { print key ": view " view[key] ", compare " want > "/dev/stderr"; bad++ }
    n++ }
  END { if (bad) exit 1; print n }' "$T/view.csv" "$T/cmp.csv") && [ "$n" -ge 22 ] && ok ||
  bad "view.csv's totals differ from woonsim compare's medians and quantiles"

# 2. every district (and total) against the 20 runs of woonsim run, quantiles as GSL's
#    gsl_stats_quantile_from_sorted_data (interpolated at (n - 1) p); the counts only,
#    as the run CSV rounds the others (gas, cost, liveability) before a median is taken
for f in "$A" "$B"; do
  expect_rc 0 "$W" run "$f" --runs 20 --jobs 2 -o "$T/runs.csv"
  name=$(grep -o '<scenario[^>]*name="[^"]*"' "$f" | head -n 1 | sed 's/.*name="//; s/"$//')
  n=$(awk -F, -v sc="$name" '
    function q(a, m, p,   h, i) { h = (m - 1) * p; i = int(h); return i + 1 >= m ? a[i] : a[i] + (h - i) * (a[i + 1] - a[i]) }
    function fmt(x, d) { s = sprintf("%." d "f", x); if (s ~ /^-0(\.0*)?$/) s = substr(s, 2); return s }
    { sub(/\r$/, "") }
    NR == FNR { if (FNR > 1 && $1 == sc) view[$4 "|" $6] = $8 "|" $9 "|" $10; next }
    FNR == 1 { for (i = 4; i <= NF; i++) if ($i ~ /^(dwellings|net_added|pipeline|owner|social|private|private_in_zone|permits_active|substandard|retrofit_completed|energy_poor|vacant|label_b_or_better)$/) col[$i] = i; next }
    $2 == "2030-12" { for (c in col) { k = $3 "|" c; cnt[k]++; val[k, cnt[k] - 1] = $col[c] } }
    END {
      for (k in view) {
        split(k, p, "|"); if (!(k in cnt)) continue
        m = cnt[k]; for (i = 0; i < m; i++) a[i] = val[k, i] + 0
        for (i = 1; i < m; i++) { x = a[i]; j = i - 1; while (j >= 0 && a[j] > x) { a[j + 1] = a[j]; j-- } a[j + 1] = x }
        split(view[k], got, "|"); d = index(got[1], ".") ? length(got[1]) - index(got[1], ".") : 0
        want = fmt(q(a, m, 0.5), d) "|" fmt(q(a, m, 0.05), d) "|" fmt(q(a, m, 0.95), d)
        if (want != view[k]) { print sc " " k ": view " view[k] ", runs " want > "/dev/stderr"; bad++ }
        n++
      }
      if (bad) exit 1; print n }' "$T/view.csv" "$T/runs.csv") && [ "$n" -ge 70 ] && ok ||
    bad "$f: view.csv's district rows differ from the medians of woonsim run --runs 20"
done

# 3. neighbourhoods are there too, and the Dutch form has the same numbers
grep -q ',neighbourhood,' "$T/view.csv" && ok || bad "view.csv has no neighbourhood rows"
expect_rc 0 "$V" "$A" "$B" --runs 20 --jobs 2 --render --date 2030-12 -o "$T/nl.csv" --csv-format nl
tr ',;' '.,' <"$T/nl.csv" | cmp -s - "$T/view.csv" && ok ||
  bad "--csv-format nl is not view.csv with ';' and a decimal comma"
grep -q '^scenario;date;level' "$T/nl.csv" && ok || bad "--csv-format nl: no ';' header"

# 4. bad usage of the new options: exit 2, nothing written
expect_rc 2 "$V" "$A" --render --date 2030-12 -o "$T/x.csv" --csv-format de
expect_rc 2 "$V" "$A" --render --date 2030-12 -o "$T/x.png" --csv-format nl
expect_rc 2 "$V" "$A" --runs 3 --run 4 --render --date 2030-12 -o "$T/x.csv"
expect_rc 2 "$V" "$A" --diff --render --date 2030-12 -o "$T/x.png"
expect_rc 2 "$V" "$A" "$A" "$A" "$A" "$A" --render --date 2030-12 -o "$T/x.png"
expect_rc 2 "$V" "$A" --render -o "$T/x.png"
expect_rc 2 "$V" "$A" --export "$T/x.mp4" --size 641x480 --from 2030-01 --to 2030-02
expect_rc 2 "$V" "$A" --export "$T/x.gif" --fps 60 --from 2030-01 --to 2030-02
[ ! -e "$T/x.csv" ] && [ ! -e "$T/x.png" ] && [ ! -e "$T/x.mp4" ] && [ ! -e "$T/x.gif" ] && ok ||
  bad "a refused command left a file"
# a GIF at a rate its whole-hundredth delays cannot give says what it plays at
expect_rc 0 "$V" "$A" --export "$T/x.gif" --fps 30 --size 320x180 --from 2030-01 --to 2030-02
grep -q "3/100 s per frame" "$T/out" && ok || bad "--fps 30 GIF: no note of the real delay"
# three scenarios as small multiples, a difference map, one run picked
expect_rc 0 "$V" "$A" "$B" "$A" --render --date 2030-12 -o "$T/three.png" --size 640x360
expect_rc 0 "$V" "$A" "$B" --diff --render --date 2030-12 -o "$T/diff.png" --size 640x360
expect_rc 0 "$V" "$A" --runs 3 --run 2 --render --date 2030-12 -o "$T/run.png" --size 640x360
# real boundaries never change the figures: the view's CSV is the same bytes with and
# without a boundary file of some of the buurten (the synthetic one with the CBS codes)
expect_rc 0 "$V" "$A" --runs 5 --render --date 2030-12 -o "$T/plain.csv"
expect_rc 0 "$V" "$A" --runs 5 --render --date 2030-12 -o "$T/real.csv" \
  --boundaries scenarios/maps/leeuwarden-oost-buurten-synthetic.geojson
cmp -s "$T/plain.csv" "$T/real.csv" && ok || bad "the view's CSV changed with --boundaries"

summary view_csv.sh
