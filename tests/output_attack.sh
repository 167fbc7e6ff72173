#!/bin/sh
# Output paths under attack (issue 20, class 3): a full file system (a 256 KiB tmpfs when
# this may mount one, /dev/full, a file size limit) for run, sweep --summary and the
# viewer's --render, GIF and PNG frames; no "wrote" after a truncated file; a GIF into a
# missing directory names it; --export DIR/ removes its own older frames only.
# usage: sh tests/output_attack.sh build/woonsim     (run from the repository root)
set -u
. tests/lib.sh
trap 'umount "$T/small" 2>/dev/null; rm -rf "$T"' EXIT
# expect RC TEXT CMD...: CMD exits RC, stderr contains TEXT, and stdout has no "wrote".
expect() {
  want=$1; text=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; rc=$?
  if [ $rc = "$want" ] && { [ -z "$text" ] || grep -qF -- "$text" "$T/err"; } && { [ $rc = 0 ] || ! grep -q wrote "$T/out"; }; then ok
  else bad "$* exited $rc (want $want, '$text'): $(head -c 300 "$T/err") $(head -c 100 "$T/out")"; fi
}
S=tests/golden/small.xml
"$W" sweep tests/sweeps/small-lhs.xml -o "$T/good.sqlite" >/dev/null 2>&1 || bad "base sweep"

# A small file system, full after a few KiB (root only; skipped otherwise).
mkdir "$T/small"
if mount -t tmpfs -o size=256k tmpfs "$T/small" 2>/dev/null; then
  echo keep >"$T/small/out.csv"
  head -c 1000000 /dev/zero >"$T/small/filler" 2>/dev/null # until full
  expect 1 "No space left on device" "$W" run $S -o "$T/small/out.csv"
  [ "$(cat "$T/small/out.csv")" = keep ] && ok || bad "a full disk changed the old file"
  expect 1 "No space left on device" "$W" sweep --summary "$T/good.sqlite" -o "$T/small/s.csv"
  if [ -x "$V" ]; then
    expect 1 "No space left on device" "$V" $S --render --date 2025-06 -o "$T/small/x.png"
    expect 1 "No space left on device" "$V" $S --export "$T/small/a.gif" --size 640x480
    expect 1 "No space left on device" "$V" $S --export "$T/small/fr/" --size 640x480
  fi
  [ -z "$(ls -a "$T/small" | grep tmp)" ] && ok || bad "temporaries left on the full disk: $(ls -a "$T/small")"
  umount "$T/small"
else
  echo "note: cannot mount a tmpfs here; the full-disk cases use /dev/full and ulimit -f"
fi

if [ -x "$V" ]; then
  # /dev/full through a link with the extension the viewer wants; ulimit -f for frames.
  ln -s /dev/full "$T/full.gif"; ln -s /dev/full "$T/full.png"
  expect 1 "/dev/full: write failed" "$V" $S --export "$T/full.gif" --size 160x120
  expect 1 "/dev/full: write failed" "$V" $S --render --date 2025-06 -o "$T/full.png"
  [ -L "$T/full.gif" ] && [ -c /dev/full ] && ok || bad "a link to a device was replaced"
  mkdir "$T/lim"
  (ulimit -f 8; exec "$V" $S --export "$T/lim/" --size 640x480) >"$T/out" 2>"$T/err"; rc=$?
  [ $rc = 1 ] && ! grep -q wrote "$T/out" && ok || bad "frames over the size limit: exit $rc $(cat "$T/err")"
  [ -z "$(find "$T/lim" -size 0)" ] && ok || bad "0-byte frames left: $(find "$T/lim" -size 0)"
  expect 1 "no directory '$T/nodir'" "$V" $S --export "$T/nodir/a.gif" --size 160x120
  # Frames: an earlier, longer export's extra frames go; files not ours stay.
  mkdir "$T/fr"; echo mine >"$T/fr/notes.txt"; echo old >"$T/fr/frame-0999.png"
  expect 0 "" "$V" $S --export "$T/fr/" --size 160x120 --from 2025-01 --to 2025-03
  [ "$(ls "$T/fr" | tr '\n' ' ')" = "frame-0001.png frame-0002.png frame-0003.png notes.txt " ] \
    && ok || bad "frames directory holds: $(ls "$T/fr" | tr '\n' ' ')"
  # A mode kept, a FIFO written in place.
  echo x >"$T/m.png"; chmod 600 "$T/m.png"
  expect 0 "" "$V" $S --render --date 2025-06 -o "$T/m.png"
  [ "$(stat -c %a "$T/m.png")" = 600 ] && ok || bad "render changed the mode"
  mkfifo "$T/p.png"; cat "$T/p.png" >"$T/p.out" & r=$!
  expect 0 "" "$V" $S --render --date 2025-06 -o "$T/p.png"
  wait $r; [ -p "$T/p.png" ] && [ -s "$T/p.out" ] && ok || bad "render into a FIFO"
else
  echo "note: no $V; viewer cases skipped"
fi
summary output_attack
