#!/bin/sh
# Prints the figures quoted in README.md and sim/MODEL.md, measured afresh: 100 runs of
# the shipped scenarios, median [5 %, 95 %] (the quantile rule of GSL, as `woonsim run`
# prints). usage: tools/results.sh [build/woonsim]   (takes a minute or two)
set -eu
W=${1:-build/woonsim}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
J=$(nproc 2>/dev/null || echo 2)
cat >"$T/no-offers.xml" <<XML
<scenario extends="$PWD/scenarios/leeuwarden-oost.xml" name="no retrofit offers">
  <set select="/scenario/retrofit/@offers" value="0"/>
</scenario>
XML
for s in leeuwarden-oost woondeal-delayed no-permit; do
  "$W" run scenarios/$s.xml --runs 100 --jobs "$J" -o "$T/$s.csv" >/dev/null
done
"$W" run "$T/no-offers.xml" --runs 100 --jobs "$J" -o "$T/no-offers.csv" >/dev/null
"$W" run scenarios/leeuwarden-oost.xml --runs 100 --jobs "$J" -o "$T/wide-zone.csv" \
  --set "/scenario/landlord-permit/@zones=oud-oost bilgaard vrijheidswijk heechterp-schieringen camminghaburen" >/dev/null
python3 - "$T" <<'PY'
import csv, sys, math
T = sys.argv[1]
def q(v, p):  # GSL's gsl_stats_quantile_from_sorted_data
    v = sorted(v); d = (len(v) - 1) * p; i = int(math.floor(d)); f = d - i
    return v[i] if i + 1 >= len(v) else (1 - f) * v[i] + f * v[i + 1]
def load(name):
    out = {}
    for r in csv.DictReader(open(f"{T}/{name}.csv", newline="")):
        out.setdefault((r["district"], r["date"]), {})[int(r["run"])] = r
    return out
def fmt(v):
    return f"{q(v, .5):,.0f} [{q(v, .05):,.0f}, {q(v, .95):,.0f}]"
data = {n: load(n) for n in ["leeuwarden-oost", "woondeal-delayed", "no-permit", "no-offers", "wide-zone"]}
def col(n, dist, date, k):
    rows = data[n][(dist, date)]
    return [float(rows[r][k]) for r in sorted(rows)]
print("net_added (total), median [5%, 95%] over 100 runs")
for n in ["leeuwarden-oost", "woondeal-delayed"]:
    print(f"  {n:18s}", " | ".join(fmt(col(n, "total", d, "net_added")) for d in ["2030-12", "2035-12", "2040-12"]))
d = [x - y for x, y in zip(col("leeuwarden-oost", "total", "2030-12", "net_added"), col("woondeal-delayed", "total", "2030-12", "net_added"))]
print(f"  default - delayed at 2030-12, paired by run: {fmt(d)}")
print("substandard in oud-oost")
for n in ["leeuwarden-oost", "no-permit"]:
    print(f"  {n:18s}", " | ".join(fmt(col(n, "oud-oost", d, "substandard")) for d in ["2030-12", "2035-12", "2040-12"]))
print("permit, area, 2030-12 (default)")
for k in ["permits_active", "private_in_zone", "violations_found", "landlord_exits", "fees_eur", "fines_eur", "inspection_hours"]:
    print(f"  {k:18s} {fmt(col('leeuwarden-oost', 'total', '2030-12', k))}")
peak = []
for r in sorted(data["leeuwarden-oost"][("total", "2026-03")]):
    peak.append(max(float(data["leeuwarden-oost"][("total", d)][r]["permit_queue"]) for (dd, d) in data["leeuwarden-oost"] if dd == "total"))
print(f"  permit_queue peak {fmt(peak)}")
print("permit zones widened to all five districts (total)")
w = lambda d, k: col("wide-zone", "total", d, k)
print(f"  private | private_in_zone at 2025-12: {fmt(w('2025-12', 'private'))} | {fmt(w('2025-12', 'private_in_zone'))}")
print("  substandard at 2030-12, wide | default | no permit:",
      " | ".join(fmt(col(n, "total", "2030-12", "substandard")) for n in ["wide-zone", "leeuwarden-oost", "no-permit"]))
med = {y: q(w(f"{y}-12", "permit_queue"), .5) for y in range(2024, 2043)}
print(f"  permit_queue median at year ends: lowest after 2027 {min(v for y, v in med.items() if y > 2027):,.0f}, 2040 {med[2040]:,.0f}")
print("retrofit at 2032-12 (total): default | offers=0 | paired difference")
for k in ["retrofit_adopted", "retrofit_completed", "subsidy_eur", "gas_m3", "energy_poor", "co2_t", "energy_cost_eur"]:
    a = col("leeuwarden-oost", "total", "2032-12", k); b = col("no-offers", "total", "2032-12", k)
    d = [x - y for x, y in zip(a, b)]
    print(f"  {k:18s} {fmt(a)} | {fmt(b)} | {q(d, .5):+,.0f} [{q(d, .05):+,.0f}, {q(d, .95):+,.0f}] ({100 * q(d, .5) / q(b, .5):+.1f} %)" if q(b, .5) else f"  {k:18s} {fmt(a)} | {fmt(b)}")
print("start of the run (2024-01, total): dwellings, gas per occupied dwelling, energy-poor share")
r = data["leeuwarden-oost"][("total", "2024-01")][1]
occ = float(r["dwellings"]) - float(r["vacant"])
print(f"  {r['dwellings']} dwellings, {float(r['gas_m3']) / occ:,.0f} m3, {100 * float(r['energy_poor']) / occ:.1f} %")
PY
