#!/bin/sh
# Faults: kill -9 during `run` (before and during the write), a full disk (a 64 KiB
# tmpfs, or `ulimit -f` where mounting is not allowed), an unwritable or read-only
# output directory, for `run -o` and `sweep -o`. The output file must never be
# half-written: the previous one stays untouched, the exit status is 1 with a clear
# message. (kill -9 and --resume of a sweep: tests/sweep.sh.) FAULTS_NO_MOUNT=1 tests
# the fallbacks used where mounting is not allowed.
# usage: sh tests/faults.sh build/woonsim     (run from the repository root)
set -u
. tests/lib.sh
mounted=""
cleanup() { for m in $mounted; do umount "$m" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT
note() { echo "note: $*"; }
keep() { printf 'previous,content\r\n' >"$1"; }
kept() { [ "$(cat "$1")" = "$(printf 'previous,content\r')" ]; }
no_tmp() { [ -z "$(find "$(dirname "$1")" -name "$(basename "$1").tmp.*")" ]; }

# ---------------------------------------------------------------- kill -9 during run

# While simulating: nothing is written yet.
keep "$T/out.csv"
"$W" run --runs 5000 -o "$T/out.csv" >/dev/null 2>&1 &
pid=$!
sleep 1
if kill -9 $pid 2>/dev/null; then
  wait $pid 2>/dev/null
  kept "$T/out.csv" && ok || bad "kill -9 while simulating changed the output"
  # run streams its CSV into the temporary file as the runs finish (memory bounded in
  # --runs), so a kill -9 mid-run may leave OUT.tmp.PID.XXXXXX; the output is untouched.
  no_tmp "$T/out.csv" || note "kill -9 while simulating left a streaming temporary file; the output is untouched"
else
  wait $pid; note "the run finished within a second; kill while simulating not tested"
fi

# While writing: the temporary file OUT.tmp.XXXXXX is killed half-written and stays (no
# process is left to remove it), but the output path still holds the previous file,
# and the next run replaces it whole.
keep "$T/out.csv"
"$W" run --runs 50 -o "$T/out.csv" >/dev/null 2>&1 &
pid=$!
i=0
while :; do
  set -- "$T"/out.csv.tmp.*
  [ -e "$1" ] && break
  kill -0 $pid 2>/dev/null || break
  i=$((i + 1))
  [ $((i % 1000)) = 0 ] && sleep 0.01
done
if kill -9 $pid 2>/dev/null; then
  wait $pid 2>/dev/null
  kept "$T/out.csv" && ok || bad "kill -9 while writing changed the output"
  set -- "$T"/out.csv.tmp.*
  [ -e "$1" ] && note "kill -9 while writing left $(basename "$1") ($(wc -c <"$1") bytes); the output is untouched"
  "$W" run tests/golden/small.xml -o "$T/out.csv" >/dev/null 2>&1 && ok || bad "the run after a kill failed"
  cmp -s "$T/out.csv" tests/golden/small.csv && ok || bad "the run after a kill wrote other output"
else
  wait $pid; note "the run finished before its temporary file was seen; kill while writing not tested"
fi

# ---------------------------------------------------------------- a full disk

# A 64 KiB tmpfs if this user may mount one, else a file size limit of 64 blocks.
full="$T/full"; mkdir "$full"
if [ -z "${FAULTS_NO_MOUNT:-}" ] && mount -t tmpfs -o size=64k woonsim-full "$full" 2>/dev/null; then
  mounted="$mounted $full"; how="a 64 KiB tmpfs"; limit=":"
else
  how="ulimit -f 64"; limit="ulimit -f 64"
fi
keep "$full/out.csv"
(eval "$limit"; exec "$W" run -o "$full/out.csv") >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 1 ] && ok || bad "run to a full disk ($how) exited $rc, not 1"
grep -q "^$full/out.csv: write failed: \(No space left on device\|File too large\)" "$T/err" && ok \
  || bad "run to a full disk: message '$(head -c 300 "$T/err")'"
kept "$full/out.csv" && ok || bad "run to a full disk changed the previous output"
no_tmp "$full/out.csv" && ok || bad "run to a full disk left a temporary file"

# The sweep store on a full disk: exit 1, a clear message; once there is room again the
# same store resumes to completion.
rm -f "$full/out.csv"
(eval "$limit"; exec "$W" sweep tests/sweeps/small-lhs.xml -o "$full/s.sqlite") >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 1 ] && ok || bad "sweep to a full disk ($how) exited $rc, not 1: $(head -c 300 "$T/err")"
grep -qi "full\|too large\|no space\|I/O error" "$T/err" && ok || bad "sweep to a full disk: message '$(head -c 300 "$T/err")'"
if [ "$limit" = ":" ] && mount -o remount,size=16m "$full" 2>/dev/null; then
  if [ -e "$full/s.sqlite" ]; then
    "$W" sweep tests/sweeps/small-lhs.xml -o "$full/s.sqlite" --resume >"$T/out" 2>"$T/err" && ok \
      || bad "resume after the disk was full failed: $(head -c 300 "$T/err")"
  else
    "$W" sweep tests/sweeps/small-lhs.xml -o "$full/s.sqlite" >"$T/out" 2>"$T/err" && ok \
      || bad "sweep after the disk was full failed: $(head -c 300 "$T/err")"
  fi
  "$W" sweep --dump "$full/s.sqlite" >"$T/dump" 2>&1 && ok || bad "dump after resume"
  "$W" sweep tests/sweeps/small-lhs.xml -o "$T/ref.sqlite" >/dev/null 2>&1
  "$W" sweep --dump "$T/ref.sqlite" >"$T/ref" 2>&1
  cmp -s "$T/dump" "$T/ref" && ok || bad "the resumed sweep differs from one run without faults"
fi

# ---------------------------------------------------------------- unwritable places

# Permissions do not bind root (CI runs as root): there a read-only tmpfs, else /proc.
mkdir "$T/ro"
if [ "$(id -u)" != 0 ]; then
  chmod 555 "$T/ro"; ro="$T/ro"; what="a directory without write permission"
elif [ -z "${FAULTS_NO_MOUNT:-}" ] && mount -t tmpfs -o ro,size=64k woonsim-ro "$T/ro" 2>/dev/null; then
  mounted="$mounted $T/ro"; ro="$T/ro"; what="a read-only tmpfs"
else
  ro=/proc; what="/proc"
fi
"$W" run tests/golden/small.xml -o "$ro/out.csv" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 1 ] && ok || bad "run into $what exited $rc, not 1"
grep -q "^$ro/out.csv: cannot create a file there: " "$T/err" && ok || bad "run into $what: message '$(head -c 300 "$T/err")'"
[ ! -e "$ro/out.csv" ] && ok || bad "run into $what created the output"
"$W" sweep tests/sweeps/small-lhs.xml -o "$ro/s.sqlite" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 1 ] && ok || bad "sweep into $what exited $rc, not 1"
grep -q "^$ro/s.sqlite: cannot open" "$T/err" && ok || bad "sweep into $what: message '$(head -c 300 "$T/err")'"
"$W" run tests/golden/small.xml -o "$T/no-such-dir/out.csv" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 1 ] && grep -q "no-such-dir/out.csv: cannot create a file there: No such file or directory" "$T/err" \
  && ok || bad "run into a missing directory: exit $rc, '$(head -c 300 "$T/err")'"
"$W" sweep tests/sweeps/small-lhs.xml -o "$T/no-such-dir/s.sqlite" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 1 ] && grep -q "no-such-dir/s.sqlite: cannot open" "$T/err" \
  && ok || bad "sweep into a missing directory: exit $rc, '$(head -c 300 "$T/err")'"

summary faults
