#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# range-bisect-vs-sweep.sh: how much work --bisect saves over --sweep.
#
# A synthetic range of 64 commits with one lasting change (+20% at commit
# 41) and ~6% noise, measured by the tests' stand-in benchmark (--kind
# custom), which sleeps BENCH_SLEEP seconds per run (default 0.2) to stand
# for the cost of booting.  Prints, for each mode, the commits benchmarked,
# the benchmark runs and the wall time, then the ratios.
#
#   bench/range-bisect-vs-sweep.sh [BUILDDIR]     (BUILDDIR: default .)
set -eu
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
top_builddir=$(cd "${1:-.}" && pwd)
export top_srcdir top_builddir
[ -x "$top_builddir/boot-benchmark-range/boot-benchmark-range" ] ||
  { echo "$0: build first (no boot-benchmark-range in $top_builddir)" >&2; exit 2; }
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"
export FAKE_SLEEP=${BENCH_SLEEP:-0.2}

repo=$tap_tmp/repo
range_make_repo "$repo" 64 41 1200
range="$(range_sha "$repo" 0)..HEAD"
expect=$(range_sha "$repo" 41 | cut -c1-7)

# run MODE: prints "COMMITS RUNS SECONDS VERDICT-SHA"
run () {
  local start end
  start=$(date +%s.%N)
  range_run_custom "$repo" "$range" "--$1" --no-cache --threshold 10 \
    --workdir "$tap_tmp/work-$1" > /dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" '
    /^Benchmarked/ { commits = $2; runs = substr($6, 2) }
    /^Verdict: first change at/ { found = $5 }
    END { printf "%s %s %.2f %s\n", commits, runs, e - s, found ? found : "none" }' \
    "$tap_tmp/out"
}

read -r b_commits b_runs b_secs b_found <<< "$(run bisect)"
read -r s_commits s_runs s_secs s_found <<< "$(run sweep)"
printf '%-8s %8s %6s %9s  %s\n' mode commits runs seconds "first change (expected $expect)"
printf '%-8s %8s %6s %9s  %s\n' bisect "$b_commits" "$b_runs" "$b_secs" "$b_found"
printf '%-8s %8s %6s %9s  %s\n' sweep "$s_commits" "$s_runs" "$s_secs" "$s_found"
awk -v bc="$b_commits" -v sc="$s_commits" -v bs="$b_secs" -v ss="$s_secs" 'BEGIN {
  printf "sweep/bisect: %.1fx the commits, %.1fx the time\n", sc / bc, ss / bs }'
