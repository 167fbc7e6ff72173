#!/bin/sh
# Attacks on the results store and on every output path (issue 20, classes 1-3, 5, 6):
# crafted and corrupted stores, a foreign SQLite file given to --resume, two writers at
# once, mismatched and incomplete merges, another model version, outputs into devices,
# FIFOs, symbolic links, /dev/full and files with their own mode.
# usage: sh tests/store_attack.sh build/woonsim     (run from the repository root)
set -u
. tests/lib.sh
bg=
trap 'kill $bg 2>/dev/null; rm -rf "$T"' EXIT
# expect RC TEXT CMD...: CMD exits RC and (when TEXT is not empty) stderr contains TEXT.
expect() {
  want=$1; text=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; rc=$?
  if [ $rc = "$want" ] && { [ -z "$text" ] || grep -qF -- "$text" "$T/err"; }; then ok
  else bad "$* exited $rc (want $want, '$text'): $(head -c 300 "$T/err")"; fi
}
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$@"; }
S=tests/sweeps/small-lhs.xml

"$W" sweep $S -o "$T/good.sqlite" >/dev/null 2>&1 || bad "the base sweep failed"
"$W" sweep --dump "$T/good.sqlite" >"$T/good.csv"

# 1. Crafted meta values: each is exit 2 "not a valid woonsim store", never a crash.
n=0
for q in "UPDATE meta SET value='65536' WHERE key='npoints'" \
         "UPDATE meta SET value='1073741824' WHERE key='replicates'" \
         "UPDATE meta SET value='2147483647' WHERE key='npoints'" \
         "UPDATE meta SET value='-3' WHERE key='npoints'" \
         "UPDATE meta SET value='12abc' WHERE key='npoints'" \
         "UPDATE meta SET value='99999999999999999999' WHERE key='samples'" \
         "UPDATE meta SET value='7' WHERE key='saltelli'" \
         "UPDATE meta SET value='' WHERE key='outputs'" \
         "UPDATE meta SET value=(WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<32767) SELECT group_concat('x', ' ') FROM c) WHERE key='outputs'" \
         "UPDATE meta SET value='a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G' WHERE key='parameters'" \
         "UPDATE meta SET value='6' WHERE key='npoints'" \
         "UPDATE meta SET value='fancy' WHERE key='design'" \
         "DELETE FROM meta WHERE key='replicates'" \
         "DELETE FROM points WHERE point=3" \
         "DROP TABLE runs; CREATE TABLE runs(point, replicate)" \
         "DROP TABLE runs"; do
  n=$((n + 1))
  cp "$T/good.sqlite" "$T/m$n.sqlite"
  sql "$T/m$n.sqlite" "$q" || bad "crafting store $n"
  expect 2 "$T/m$n.sqlite: not a valid woonsim store" "$W" sweep --dump "$T/m$n.sqlite"
  expect 2 "not a valid woonsim store" "$W" sweep --summary "$T/m$n.sqlite"
done
# A foreign SQLite file, a text file, an empty file.
sql "$T/precious.db" "CREATE TABLE accounts(id, balance); INSERT INTO accounts VALUES(1, 100);"
printf 'not a database at all\n' >"$T/text.db"
: >"$T/empty.db"
for f in precious text empty; do
  expect 2 "not a valid woonsim store" "$W" sweep --dump "$T/$f.db"
done

# Corrupted pages: quick_check fails, never read as empty with exit 0.
cp "$T/good.sqlite" "$T/corrupt.sqlite"
python3 - "$T/corrupt.sqlite" <<'PY'
import sys
with open(sys.argv[1], 'r+b') as f:
    data = bytearray(f.read())
    page = int.from_bytes(data[16:18], 'big') or 65536
    for p in range(1, len(data) // page):  # every page but the first: headers wrecked
        data[p * page:p * page + 12] = b'\xff' * 12
    f.seek(0); f.write(data)
PY
expect 2 "not a valid woonsim store" "$W" sweep --dump "$T/corrupt.sqlite"
expect 2 "not a valid woonsim store" "$W" sweep --summary "$T/corrupt.sqlite"

# 2. Never destroy what is not ours: --resume on a foreign SQLite file, a text file.
cp "$T/precious.db" "$T/precious.orig"
expect 2 "not a valid woonsim store" "$W" sweep $S --resume -o "$T/precious.db"
cmp -s "$T/precious.db" "$T/precious.orig" && ok || bad "--resume changed a foreign SQLite file"
[ ! -e "$T/precious.db-wal" ] && ok || bad "--resume left a WAL beside a foreign file"
cp "$T/text.db" "$T/text.orig"
expect 2 "" "$W" sweep $S --resume -o "$T/text.db"
cmp -s "$T/text.db" "$T/text.orig" && ok || bad "--resume changed a text file"
# An empty file (a sweep killed before its schema) is resumed from scratch.
expect 0 "" "$W" sweep $S --resume -o "$T/empty.db"

# Lock contention: a second writer while the first runs gets exit 2 "in use".
"$W" sweep tests/sweeps/default-kill.xml -o "$T/busy.sqlite" >/dev/null 2>&1 &
bg=$!
i=0; while [ $i -lt 100 ] && [ ! -s "$T/busy.sqlite" ]; do sleep 0.05; i=$((i + 1)); done
expect 2 "in use" "$W" sweep tests/sweeps/default-kill.xml --resume -o "$T/busy.sqlite"
expect 2 "exists" "$W" sweep tests/sweeps/default-kill.xml -o "$T/busy.sqlite"
kill $bg 2>/dev/null; wait $bg 2>/dev/null; bg=
[ -e "$T/busy.sqlite" ] && ok || bad "the second writer removed the first one's store"
# The lock goes with the process: now a resume works.
expect 0 "" "$W" sweep tests/sweeps/default-kill.xml --resume -o "$T/busy.sqlite"

# Merges: mismatched shards, an incomplete set, a foreign shard; nothing left behind.
expect 0 "" "$W" sweep $S -o "$T/s1.sqlite" --shard 1/2
expect 0 "" "$W" sweep $S -o "$T/s2.sqlite" --shard 2/2
sed 's/seed="4"/seed="5"/' $S >"$T/other.xml"
sed -i "s|\.\./golden/small.xml|$PWD/tests/golden/small.xml|" "$T/other.xml"
expect 0 "" "$W" sweep "$T/other.xml" -o "$T/o2.sqlite" --shard 2/2
expect 2 "different sweep" "$W" sweep --merge "$T/mix.sqlite" "$T/s1.sqlite" "$T/o2.sqlite"
cp "$T/s2.sqlite" "$T/h2.sqlite"
sql "$T/h2.sqlite" "UPDATE meta SET value='0123456789abcdef' WHERE key='scenario_hash'"
expect 2 "scenario_hash" "$W" sweep --merge "$T/mix.sqlite" "$T/s1.sqlite" "$T/h2.sqlite"
expect 2 "not a valid woonsim store" "$W" sweep --merge "$T/mix.sqlite" "$T/s1.sqlite" "$T/precious.db"
expect 2 "allow-partial" "$W" sweep --merge "$T/mix.sqlite" "$T/s1.sqlite"
[ -z "$(ls "$T" | grep '^mix')" ] && ok || bad "a failed merge left files: $(ls "$T" | grep '^mix')"
expect 0 "" "$W" sweep --merge "$T/part.sqlite" "$T/s1.sqlite" --allow-partial
expect 0 "" "$W" sweep --merge "$T/all.sqlite" "$T/s1.sqlite" "$T/s2.sqlite"
"$W" sweep --dump "$T/all.sqlite" | cmp -s - "$T/good.csv" && ok || bad "merged shards differ"
[ -z "$(ls "$T" | grep '^all\.sqlite\.')" ] && ok || bad "merge left temporaries"

# 5. Another model version: --resume refused unless --force.
cp "$T/s1.sqlite" "$T/old.sqlite"
sql "$T/old.sqlite" "UPDATE meta SET value='0.0.1' WHERE key='version'"
expect 2 "--force" "$W" sweep $S --resume -o "$T/old.sqlite"
expect 0 "" "$W" sweep $S --resume --force -o "$T/old.sqlite"
# The store records the build's commit (the one --version prints); another commit of the
# same version resumes with a warning that names both.
commit=$("$W" --version | sed -n 's/^woonsim [^ ]* (commit \([^)]*\))$/\1/p')
[ -n "$commit" ] && ok || bad "--version names no commit: $("$W" --version)"
[ "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT value FROM meta WHERE key=\"commit\"").fetchone()[0])' "$T/s1.sqlite")" = "$commit" ] \
  && ok || bad "the store does not record commit $commit"
cp "$T/s1.sqlite" "$T/other.sqlite"
sql "$T/other.sqlite" "UPDATE meta SET value='0badc0d' WHERE key='commit'"
expect 0 "warning: $T/other.sqlite was made by woonsim commit 0badc0d, this is commit $commit" \
  "$W" sweep $S --resume -o "$T/other.sqlite"
cp "$T/s1.sqlite" "$T/same.sqlite"
expect 0 "" "$W" sweep $S --resume -o "$T/same.sqlite"
grep -q warning "$T/err" && bad "a resume by the same build warns: $(cat "$T/err")" || ok
sql "$T/same.sqlite" "DELETE FROM meta WHERE key='commit'"
expect 0 "commit (not recorded)" "$W" sweep $S --resume -o "$T/same.sqlite"

# 3. Outputs: devices and FIFOs written in place, links followed, modes kept, full disks.
expect 0 "" "$W" sweep --summary "$T/good.sqlite" -o /dev/null
[ -c /dev/null ] && ok || bad "/dev/null is no longer a device"
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/fifo.out" & reader=$!
expect 0 "" "$W" sweep --summary "$T/good.sqlite" -o "$T/fifo"
wait $reader
[ -p "$T/fifo" ] && grep -q ci_low "$T/fifo.out" && ok || bad "summary into a FIFO"
echo old >"$T/target.csv"; ln -s target.csv "$T/link.csv"; chmod 640 "$T/target.csv"
expect 0 "" "$W" sweep --summary "$T/good.sqlite" -o "$T/link.csv"
[ -L "$T/link.csv" ] && grep -q ci_low "$T/target.csv" && ok || bad "the symbolic link was replaced, not followed"
[ "$(stat -c %a "$T/target.csv")" = 640 ] && ok || bad "mode not kept: $(stat -c %a "$T/target.csv")"
expect 0 "" "$W" run tests/golden/small.xml -o "$T/link.csv"
[ -L "$T/link.csv" ] && [ "$(stat -c %a "$T/target.csv")" = 640 ] && ok || bad "run -o through a link"
for args in "sweep --summary $T/good.sqlite -o /dev/full" "run tests/golden/small.xml -o /dev/full" \
            "compare tests/golden/small.xml --runs 1 -o /dev/full"; do
  expect 1 "/dev/full: write failed" "$W" $args
done
# Failed writes to stdout exit 1.
for args in "sweep --dump $T/good.sqlite" "sweep --summary $T/good.sqlite" \
            "validate tests/golden/small.xml" "compare tests/golden/small.xml --runs 1" \
            "run tests/golden/small.xml -o -"; do
  "$W" $args >/dev/full 2>"$T/err"; rc=$?
  [ $rc = 1 ] && grep -q "write failed" "$T/err" && ok || bad "$args >/dev/full exited $rc: $(head -c 200 "$T/err")"
done
# Nothing half-written: a failed run -o leaves the old file and no temporary.
echo keep >"$T/keep.csv"
(ulimit -f 4; exec "$W" run tests/golden/small.xml -o "$T/keep.csv") >/dev/null 2>"$T/err"; rc=$?
[ $rc = 1 ] && [ "$(cat "$T/keep.csv")" = keep ] && ok || bad "a failed write changed the file (exit $rc)"
[ -z "$(ls "$T" | grep '^keep\.csv\.')" ] && ok || bad "a failed write left a temporary"

# The scenario hash covers the extends chain: a changed base refuses --resume.
mkdir "$T/ext"; cp tests/golden/small.xml "$T/ext/base.xml"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<scenario extends="base.xml" name="variant"/>\n' >"$T/ext/variant.xml"
sed "s|scenario=\"../golden/small.xml\"|scenario=\"variant.xml\"|" $S >"$T/ext/sweep.xml"
expect 0 "" "$W" sweep "$T/ext/sweep.xml" -o "$T/ext/v.sqlite" --shard 1/2
sed -i 's|seed="[0-9]*"|seed="99"|' "$T/ext/base.xml"
expect 2 "different sweep or scenario" "$W" sweep "$T/ext/sweep.xml" -o "$T/ext/v.sqlite" --resume

# 8. Odds and ends: --shard beyond int, scenario="" in a sweep, --set of extends.
expect 2 "--shard needs" "$W" sweep $S --shard 1/4294967297 -o "$T/sh.sqlite"
expect 2 "--shard needs" "$W" sweep $S --shard 4294967297/4294967298 -o "$T/sh.sqlite"
[ ! -e "$T/sh.sqlite" ] && ok || bad "a refused --shard wrote a store"
sed 's|scenario="../golden/small.xml"|scenario=""|' $S >"$T/empty-scen.xml"
expect 2 "$T/empty-scen.xml:3: scenario is empty" "$W" sweep "$T/empty-scen.xml" -o "$T/es.sqlite"
expect 2 "extends cannot be set" "$W" run tests/golden/small.xml -o "$T/x.csv" --set /scenario/@extends=other.xml
# compare: a name with a quote and a comma stays one CSV field; a long --at is refused,
# never cut.
sed '/<scenario /s|name="[^"]*"|name="a \&quot;q\&quot;, b"|' tests/golden/small.xml >"$T/quoted.xml"
expect 0 "" "$W" compare tests/golden/small.xml "$T/quoted.xml" --runs 1 -o "$T/cmp.csv"
python3 -c 'import csv,sys; rows=list(csv.reader(open(sys.argv[1]))); sys.exit(0 if all(len(r)==len(rows[0]) for r in rows) and any(r[0]=="a \"q\", b" for r in rows) else 1)' "$T/cmp.csv" \
  && ok || bad "compare CSV with a quoted name: $(sed -n 2,3p "$T/cmp.csv" | tail -1)"
at=2024; i=0; while [ $i -lt 260 ]; do at="$at,"; i=$((i + 1)); done; at="${at}2025"
expect 2 "--at" "$W" compare tests/golden/small.xml --runs 1 --at "$at"

summary store_attack
