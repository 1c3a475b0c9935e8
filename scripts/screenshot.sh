#!/usr/bin/env bash
# Starts the release binary in a real window under Xvfb, lets the default
# flow talk, optionally clicks through it, takes a screenshot and checks
# that it is not blank.
#
#   scripts/screenshot.sh [OUT.png] [-- desksim args...]
#   CLICKS="x,y x,y" WAIT=6 scripts/screenshot.sh docs/screenshot.png
#
# Needs: xvfb imagemagick xdotool, and the packages of a window (README).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshot.png}
shift || true
[ "${1:-}" = "--" ] && shift
bin=${DESKSIM_BIN:-target/release/desksim}
[ -x "$bin" ] || { echo "screenshot: build it first: cargo build --release" >&2; exit 2; }
size=${SIZE:-1440x900}
wait_s=${WAIT:-6}
display=:${DISPLAY_NUM:-97}

Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=
cleanup() { if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; fi; kill "$xvfb" 2>/dev/null || true; }
trap cleanup EXIT
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

# A private settings folder, so a screenshot never depends on earlier runs.
export XDG_DATA_HOME=$(mktemp -d)
"$bin" "$@" >/tmp/desksim-screenshot.log 2>&1 &
app=$!
for _ in $(seq 100); do
  xdotool search --name '^desksim$' >/dev/null 2>&1 && break
  kill -0 "$app" 2>/dev/null || { cat /tmp/desksim-screenshot.log >&2; echo "screenshot: the app exited" >&2; exit 1; }
  sleep 0.2
done
win=$(xdotool search --name '^desksim$' | head -1)
xdotool windowsize "$win" "${size%x*}" "${size#*x}" windowmove "$win" 0 0 || true
sleep "$wait_s"
for click in ${CLICKS:-}; do
  xdotool mousemove "${click%,*}" "${click#*,}" click 1
  sleep "${CLICK_WAIT:-3}"
done
mkdir -p "$(dirname "$out")"
import -window root "$out"

# Not blank: the picture must have some contrast.
sd=$(convert "$out" -colorspace Gray -format '%[fx:standard_deviation]' info:)
awk -v sd="$sd" 'BEGIN { exit !(sd > 0.05) }' || { echo "screenshot: $out looks blank (sd $sd)" >&2; exit 1; }
echo "screenshot: $out (contrast $sd)"
