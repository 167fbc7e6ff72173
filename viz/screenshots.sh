#!/bin/sh
# Screenshots for the README: the viewer's real window under Xvfb (the default view,
# two scenarios side by side, presentation mode; the viewer reads its own window back
# with --screenshot after a few frames), then the council-ready presentation frame as
# --render draws it (Dutch, 1280x720 and 1920x1080, the difference map, four scenarios
# as small multiples). usage: sh viz/screenshots.sh [VIEWER]
set -eu
# the source line's date: fixed, so that the pictures only change when the viewer does
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1780000000}
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
render() {
  name=$1; shift
  "$view" "$@" --render -o "$out/$name.png"
}
S=scenarios
render present-1280x720 $S/woondeal-delayed.xml --runs 20 --date 2030-12 \
  --indicator net-added --size 1280x720
render present-1920x1080 $S/leeuwarden-oost.xml --runs 20 --date 2035-12 \
  --indicator energy-poor --size 1920x1080 \
  --title "Leeuwarden Oost: energiearmoede tot 2035 in het basisscenario"
render difference $S/leeuwarden-oost.xml $S/retrofit-accelerated.xml --runs 20 --diff \
  --date 2030-12 --indicator label-b --size 1920x1080
render four $S/leeuwarden-oost.xml $S/woondeal-delayed.xml $S/retrofit-accelerated.xml \
  $S/no-permit.xml --runs 20 --date 2035-12 --indicator substandard --size 1920x1080
# the live lever panel beside the map, and the difference map of its result against
# the loaded scenario (issue 22)
render levers --levers --lever inspections=100 --lever offers=3000 --lever subsidy-share=0.9 \
  --runs 20 --date 2032-12 --lang en
render levers-diff --levers --diff --lever inspections=100 --lever offers=3000 \
  --lever subsidy-share=0.9 --runs 20 --date 2032-12 --lang en --indicator label-b
ls -l "$out"
shot real-boundaries --date 2030-12 --dots label --boundaries scenarios/maps/leeuwarden-oost-buurten-synthetic.geojson
# the wijkpaspoort's page for Oud-Oost (an A4 PDF, as PNG through pdftoppm at 100 dpi)
"$view" --passport oud-oost -o "$out/passport.pdf" &&
  pdftoppm -r 100 -png -singlefile "$out/passport.pdf" "$out/passport" && rm -f "$out/passport.pdf"
