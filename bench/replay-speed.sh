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
# With BASELINE set to another build's boot-analysis, both commands run
# alternately on the same capture (RUNS times each, 5 unless set) and the
# ratios of their medians are printed: a before/after measured side by side.
# Run from the build directory:
#   [BASELINE=OLD/boot-analysis] [RUNS=N] sh $srcdir/bench/replay-speed.sh [PASSES]
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
passes=${1:-100}
runs=${RUNS:-5}
baseline=${BASELINE:-}
make -s bench/replay-speed boot-analysis/boot-analysis >/dev/null
tmp=$(mktemp -d "${TMPDIR:-/tmp}/replay-speed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
./bench/replay-speed "$srcdir/tests/data/capture-tcg-3passes.jsonl.gz" "$passes" \
  "$srcdir/data/activities.rules" "$tmp/capture.jsonl" > "$tmp/inmem.txt"
events=$(grep -c '"pass"' "$tmp/capture.jsonl")

# One run of a whole command: "wall cpu maxrss_kib" on stdout.
run_with () { # BOOT-ANALYSIS CAPTURE
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$1" --replay "$2" --no-colour > /dev/null
  read -r wall user sys rss < "$tmp/time"
  echo "$wall $(echo "$user + $sys" | bc -l) $rss"
}
run_once () { run_with ./boot-analysis/boot-analysis "$1"; }
median () { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
column_median () { cut -d' ' -f"$2" "$1" | median; }

# This build and the baseline alternate, so that load changes touch both.
: > "$tmp/runs"; : > "$tmp/base"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$runs"); do
  [ -z "$baseline" ] || run_with "$baseline" "$tmp/capture.jsonl" >> "$tmp/base"
  run_once "$tmp/capture.jsonl" >> "$tmp/runs"
done
report () { # LABEL RUNS-FILE
  printf '%s\n' "$1"
  printf '  wall clock, median of %s: %.3f s  %10.0f events/s\n' "$runs" \
    "$(column_median "$2" 1)" "$(echo "$events / $(column_median "$2" 1)" | bc -l)"
  printf '  CPU time,   median of %s: %.3f s  %10.0f events/s (user + system)\n' "$runs" \
    "$(column_median "$2" 2)" "$(echo "$events / $(column_median "$2" 2)" | bc -l)"
  printf '  peak RSS: %s KiB\n' "$(column_median "$2" 3)"
}
printf 'whole command: boot-analysis --replay of %s passes, %s events (%s bytes of JSON Lines)\n' \
  "$passes" "$events" "$(wc -c < "$tmp/capture.jsonl")"
report "this build (./boot-analysis/boot-analysis):" "$tmp/runs"
if [ -n "$baseline" ]; then
  report "baseline ($baseline), run alternately with it:" "$tmp/base"
  printf '  this build is %.2fx the baseline in wall clock, %.2fx in CPU time\n' \
    "$(echo "$(column_median "$tmp/base" 1) / $(column_median "$tmp/runs" 1)" | bc -l)" \
    "$(echo "$(column_median "$tmp/base" 2) / $(column_median "$tmp/runs" 2)" | bc -l)"
fi
printf '  load average before: %s, when done: %s\n' "$load_before" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "in memory (bench/replay-speed, the same run, CPU time):"
sed 's/^/  /' "$tmp/inmem.txt"
echo "peak RSS of the whole command by input size:"
for n in 1 10 "$passes"; do
  ./bench/replay-speed "$srcdir/tests/data/capture-tcg-3passes.jsonl.gz" "$n" \
    "$srcdir/data/activities.rules" "$tmp/sized.jsonl" > /dev/null
  printf '  %5s passes, %10s bytes: %s KiB\n' "$n" "$(wc -c < "$tmp/sized.jsonl")" \
    "$(run_once "$tmp/sized.jsonl" | cut -d' ' -f3)"
done
