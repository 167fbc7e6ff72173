#!/bin/sh
# Fails when the core library holds mutable global state: any symbol of libwoonsim.a in a
# writable data section (.data, .bss, thread-local .tdata/.tbss, or a common symbol),
# static or not. Two worlds in one process must never share state (STYLE.md 3).
# Tables of pointers declared `const ... *const` sit in .data.rel.ro: written once by the
# loader's relocations, then read-only (RELRO), so they are allowed. nm's types D/d/B/b
# include .data.rel.ro, hence objdump, which names the section.
# usage: sh tests/globals.sh build/woonsim   (checks libwoonsim.a beside it)
set -u
W=${1:-build/woonsim}
LIB=${LIB:-$(dirname "$W")/libwoonsim.a}
if [ ! -f "$LIB" ]; then echo "globals: $LIB not found" >&2; exit 1; fi
if ! command -v objdump >/dev/null 2>&1; then echo "globals: objdump not found (binutils)" >&2; exit 1; fi
# ALLOW: symbols allowed in a writable section, one per line, each with its reason.
# Today none. The sanitizer's own instrumentation (ASan's global descriptors and
# UBSan's source locations, in SAN=1 builds) is no state of ours and is skipped below.
ALLOW=""
found=$(objdump -t "$LIB" | awk -v allow="$ALLOW" '
  /^In archive/ { next }
  /:[ \t]+file format/ { obj = $1; sub(/:$/, "", obj); next }
  NF >= 5 {
    name = $NF; sec = $(NF - 2)
    if ($(NF - 1) ~ /^\.(hidden|protected|internal)$/) sec = $(NF - 3)
    if (sec !~ /^(\.data|\.bss|\.tdata|\.tbss|\*COM\*)/) next
    if (sec ~ /^\.data\.rel\.ro/) next
    if (name == sec) next                       # the section symbol itself
    if (name ~ /^(\.L|__asan|___asan|__odr_asan|__ubsan|\.Lubsan|__sancov|__profc|__profd)/) next
    if (index(" " allow " ", " " name " ")) next
    print "  " obj ": " name " (" sec ")"
  }')
if [ -n "$found" ]; then
  echo "globals: libwoonsim.a has mutable global state (make it part of the world, or const):" >&2
  printf '%s\n' "$found" >&2
  exit 1
fi
echo "globals: no writable data in $LIB"
