#!/bin/sh
# Checks the build and test dependencies with pkg-config (and command -v). With --check
# (plain `make`) it installs nothing: when something the build needs is missing it says
# in one sentence to run `make deps` and exits 1. Without it (`make deps`, `make run`,
# `make test`) it installs the missing Debian packages with apt-get, as root or through
# sudo; otherwise says in one sentence what to install. usage: tools/deps.sh [--check]
set -u
check=0
[ "${1:-}" = --check ] && check=1
missing=""
need_pkg() { pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
# What `make` needs to build build/woonsim and the viewer.
need_cmd cc gcc
need_cmd make make
need_cmd pkg-config pkg-config
if command -v pkg-config >/dev/null 2>&1; then
  need_pkg gsl libgsl-dev
  need_pkg libxml-2.0 libxml2-dev
  need_pkg sqlite3 libsqlite3-dev
  # the viewer
  need_pkg sdl2 libsdl2-dev
  need_pkg SDL2_ttf libsdl2-ttf-dev
  need_pkg SDL2_image libsdl2-image-dev
  # real boundaries (GDAL/OGR with PROJ) and vector output (cairo: PDF, SVG)
  need_pkg gdal libgdal-dev
  need_pkg cairo libcairo2-dev
  need_pkg fontconfig libfontconfig-dev
else
  missing="$missing libgsl-dev libxml2-dev libsqlite3-dev libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libgdal-dev libcairo2-dev"
fi
# giflib has no pkg-config file; the viewer's font comes from fonts-dejavu-core.
[ -f /usr/include/gif_lib.h ] || missing="$missing libgif-dev"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"
if [ $check = 1 ]; then
  [ -z "$missing" ] && exit 0
  echo "woonsim: missing$missing; run \`make deps\` to install them." >&2
  exit 1
fi
# What the tests need besides (make test).
need_cmd xmllint libxml2-utils
need_cmd python3 python3
need_cmd pdftotext poppler-utils
need_cmd ogr2ogr gdal-bin
[ -z "$missing" ] && exit 0
echo "woonsim: installing missing packages:$missing" >&2
if [ "$(id -u)" = 0 ]; then sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"
else
  echo "woonsim needs these Debian packages; please run: sudo apt-get install$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends $missing; } >/dev/null; then
  echo "woonsim: apt-get could not install$missing; please install them and retry" >&2
  exit 1
fi
