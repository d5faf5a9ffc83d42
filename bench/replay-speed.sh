#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# replay-speed.sh: replay speed in events/s on a large capture (100 passes
# repeated from the committed real capture), measured two ways side by side:
#   - the whole command, `boot-analysis --replay` of that capture saved as
#     JSON Lines (reading, parsing, matching, statistics, the report), wall
#     clock of the process;
#   - the in-memory matching and statistics alone (bench/replay-speed), with
#     the original's substring-search approach beside it.
# Run from the build directory:
#   sh $srcdir/bench/replay-speed.sh [PASSES]
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
passes=${1:-100}
make -s bench/replay-speed boot-analysis/boot-analysis >/dev/null
tmp=$(mktemp -d "${TMPDIR:-/tmp}/replay-speed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
./bench/replay-speed "$srcdir/tests/data/capture-tcg-3passes.jsonl.gz" "$passes" \
  "$srcdir/data/activities.rules" "$tmp/capture.jsonl" > "$tmp/inmem.txt"
events=$(grep -c '"pass"' "$tmp/capture.jsonl")
# Best of 3 of the wall clock and, apart, of the CPU time (user + system):
# on a loaded machine the wall clock says more about the others' jobs.
best_wall= best_cpu=
for run in 1 2 3; do
  /usr/bin/time -f '%e %U %S' -o "$tmp/time" \
    ./boot-analysis/boot-analysis --replay "$tmp/capture.jsonl" --no-colour > /dev/null
  read -r wall user sys < "$tmp/time"
  cpu=$(echo "$user + $sys" | bc -l)
  if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc -l)" = 1 ]; then best_wall=$wall; fi
  if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc -l)" = 1 ]; then best_cpu=$cpu; fi
done
printf 'whole command: boot-analysis --replay of %s passes, %s events (%s bytes of JSON Lines)\n' \
  "$passes" "$events" "$(wc -c < "$tmp/capture.jsonl")"
printf '  wall clock, best of 3: %.3f s  %10.0f events/s\n' "$best_wall" \
  "$(echo "$events / $best_wall" | bc -l)"
printf '  CPU time,   best of 3: %.3f s  %10.0f events/s\n' "$best_cpu" \
  "$(echo "$events / $best_cpu" | bc -l)"
printf '  load average when done: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "in memory (bench/replay-speed, the same run):"
sed 's/^/  /' "$tmp/inmem.txt"
