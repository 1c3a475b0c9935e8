#!/usr/bin/env bash
# Resident memory (PSS, from /proc/PID/smaps_rollup) of the running app
# with a 10-message and a 10,000-message transcript, on this machine's
# renderer under Xvfb. Prints both and their ratio.
#
#   scripts/memory.sh
#
# Needs the release binary (cargo build --release) and xvfb, xdotool.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${DESKSIM_BIN:-target/release/desksim}
[ -x "$bin" ] || { echo "memory: build it first: cargo build --release" >&2; exit 2; }
work=$(mktemp -d)
display=:${DISPLAY_NUM:-96}
Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=
cleanup() { if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; fi; kill "$xvfb" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export DISPLAY=$display XDG_DATA_HOME=$work/data
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

# A long conversation with the retail flow's adviser: each question is
# answered after a typing indicator, three messages a turn.
python3 - "$work/long-script.json" <<'PY'
import json, sys
steps = [{"choose": "Talk to a person"}, {"answer": "$100–$200"}]
questions = ["What's the price?", "And the shipping?", "Do you have it in blue?", "Is there a warranty?"]
steps += [{"say": questions[i % 4] + f" ({i})"} for i in range(3330)]
json.dump({"steps": steps}, open(sys.argv[1], "w"))
PY
"$bin" play flows/retail_presales.json --script "$work/long-script.json" > "$work/long.jsonl"
head -n 10 "$work/long.jsonl" > "$work/short.jsonl"
total=$(wc -l < "$work/long.jsonl")

pss_of() {
  local transcript=$1
  "$bin" --replay "$transcript" >/dev/null 2>&1 &
  app=$!
  for _ in $(seq 100); do xdotool search --name '^desksim$' >/dev/null 2>&1 && break; sleep 0.2; done
  sleep "${SETTLE:-6}"
  # Scroll a screenful or two each way, so that drawing counts too.
  local win; win=$(xdotool search --name '^desksim$' | head -1)
  xdotool mousemove --window "$win" 600 400
  for _ in $(seq 20); do xdotool click 4; done
  for _ in $(seq 20); do xdotool click 5; done
  sleep 2
  awk '/^Pss:/ { print $2 }' "/proc/$app/smaps_rollup"
  kill "$app"; wait "$app" 2>/dev/null || true
  app=
}

short=$(pss_of "$work/short.jsonl")
long=$(pss_of "$work/long.jsonl")
awk -v s="$short" -v l="$long" -v n="$total" 'BEGIN {
  printf "PSS with 10 messages:     %7.1f MiB\n", s / 1024
  printf "PSS with %d messages:  %7.1f MiB\n", n, l / 1024
  printf "ratio: %.2f\n", l / s
}'
