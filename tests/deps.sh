#!/bin/sh
# The package check: with pkg-config finding nothing (an empty PKG_CONFIG_PATH and
# PKG_CONFIG_LIBDIR) and apt-get, apt and sudo replaced by fakes that record being called,
# plain `make` and `make check` must stop with one sentence saying to run `make deps` and
# install nothing; `make deps` (what make run and make test call) must call apt-get.
# usage: sh tests/deps.sh [build/woonsim]   (run from the repository root; the argument
# is ignored)
set -u
. tests/lib.sh
mkdir "$T/bin" "$T/empty"
for c in apt-get apt sudo; do
  printf '#!/bin/sh\necho "%s $*" >> "%s/called"\nexit 0\n' "$c" "$T" > "$T/bin/$c"
  chmod +x "$T/bin/$c"
done
# A make run inside `make test` must not join the outer make's jobs.
unset MAKEFLAGS MFLAGS MAKELEVEL
bare() { PATH="$T/bin:$PATH" PKG_CONFIG_PATH="$T/empty" PKG_CONFIG_LIBDIR="" "$@"; }

for goal in all check; do
  bare make --no-print-directory "$goal" >"$T/out" 2>"$T/err"; rc=$?
  [ $rc != 0 ] && ok || bad "make $goal succeeded without packages"
  [ ! -e "$T/called" ] && ok || bad "make $goal called the package manager: $(cat "$T/called")"
  lines=$(grep -c "^woonsim:" "$T/err")
  [ "$lines" = 1 ] && ok || bad "make $goal: $lines woonsim lines, not one sentence"
  grep "^woonsim:" "$T/err" | grep -q "run \`make deps\`" && ok || bad "make $goal does not say to run make deps: $(cat "$T/err")"
  grep -q "libgsl-dev" "$T/err" && ok || bad "make $goal does not name the missing package"
  # Nothing was compiled: make stopped before the build.
  grep -q "  CC  " "$T/out" && bad "make $goal compiled without packages" || ok
  rm -f "$T/called"
done

bare tools/deps.sh >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 0 ] && ok || bad "make deps with a (fake) apt-get failed: $(cat "$T/err")"
grep -q "apt-get install .*libgsl-dev" "$T/called" 2>/dev/null && ok || bad "make deps did not call apt-get install"

# With the packages present (this machine, after make deps) the check passes silently.
tools/deps.sh --check >"$T/out" 2>"$T/err" && ok || bad "the check fails here: $(cat "$T/err")"
[ ! -s "$T/out" ] && [ ! -s "$T/err" ] && ok || bad "the check is not silent when all is there"
summary deps
