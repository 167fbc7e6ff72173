#!/bin/sh
# Screenshots of the viewer's real window under Xvfb, for the README: the default view,
# two scenarios side by side, and presentation mode. The viewer reads its own window
# back (--screenshot) after a few frames. usage: sh viz/screenshots.sh [VIEWER]
set -eu
view=${1:-build/woonsim-view}
out=viz/screenshots
mkdir -p "$out"
command -v xvfb-run >/dev/null 2>&1 || { echo "screenshots need xvfb-run (Debian: xvfb)" >&2; exit 1; }
shot() {
  name=$1; shift
  xvfb-run -a -s "-screen 0 1600x900x24" "$view" "$@" --screenshot "$out/$name.png"
}
shot default --date 2031-06
shot dots --date 2031-06 --dots retrofit --indicator retrofitted --size 1280x720
shot compare scenarios/leeuwarden-oost.xml scenarios/retrofit-accelerated.xml --runs 20 \
  --date 2030-12 --lang en
shot present --present --date 2035-12 --indicator energy-poor \
  --title "Leeuwarden Oost: energiearmoede tot 2035"
ls -l "$out"
# the wijkpaspoort's page for Oud-Oost (an A4 PDF, as PNG through pdftoppm at 100 dpi)
"$view" --passport oud-oost -o "$out/passport.pdf" &&
  pdftoppm -r 100 -png -singlefile "$out/passport.pdf" "$out/passport" && rm -f "$out/passport.pdf"
