#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# replay-speed.sh: replay speed in events/s on a large capture (100 passes
# repeated from the committed real capture), measured two ways side by side:
#   - the whole command, `boot-analysis --replay` of that capture saved as
#     JSON Lines (starting, reading, parsing, matching, statistics, the
#     report, exiting): wall clock and CPU time (user + system) of the
#     process, medians of 5 runs, and its peak RSS;
#   - the in-memory matching and statistics alone (bench/replay-speed, CPU
#     time), with the original's substring-search approach beside it.
# Then the peak RSS of the whole command for 1, 10 and PASSES passes: memory
# follows the input.
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

# One run of the whole command: "wall cpu maxrss_kib" on stdout.
run_once () {
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" \
    ./boot-analysis/boot-analysis --replay "$1" --no-colour > /dev/null
  read -r wall user sys rss < "$tmp/time"
  echo "$wall $(echo "$user + $sys" | bc -l) $rss"
}
median () { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for run in 1 2 3 4 5; do run_once "$tmp/capture.jsonl"; done > "$tmp/runs"
wall=$(cut -d' ' -f1 "$tmp/runs" | median)
cpu=$(cut -d' ' -f2 "$tmp/runs" | median)
rss=$(cut -d' ' -f3 "$tmp/runs" | median)
printf 'whole command: boot-analysis --replay of %s passes, %s events (%s bytes of JSON Lines)\n' \
  "$passes" "$events" "$(wc -c < "$tmp/capture.jsonl")"
printf '  wall clock, median of 5: %.3f s  %10.0f events/s\n' "$wall" \
  "$(echo "$events / $wall" | bc -l)"
printf '  CPU time,   median of 5: %.3f s  %10.0f events/s (user + system)\n' "$cpu" \
  "$(echo "$events / $cpu" | bc -l)"
printf '  peak RSS: %s KiB\n' "$rss"
printf '  load average when done: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "in memory (bench/replay-speed, the same run, CPU time):"
sed 's/^/  /' "$tmp/inmem.txt"
echo "peak RSS of the whole command by input size:"
for n in 1 10 "$passes"; do
  ./bench/replay-speed "$srcdir/tests/data/capture-tcg-3passes.jsonl.gz" "$n" \
    "$srcdir/data/activities.rules" "$tmp/sized.jsonl" > /dev/null
  printf '  %5s passes, %10s bytes: %s KiB\n' "$n" "$(wc -c < "$tmp/sized.jsonl")" \
    "$(run_once "$tmp/sized.jsonl" | cut -d' ' -f3)"
done
