#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-nochange.sh: a range with ~6% noise and no change ends "no change
# found" (exit 3) in both modes: the noise does not cry wolf.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"

repo=$tap_tmp/repo
range_make_repo "$repo" 12 0 0
range="$(range_sha "$repo" 0)..HEAD"

range_run_custom "$repo" "$range" --threshold 10
ok_if "bisect exits 3" test "$range_status" -eq 3
ok_if "bisect ends: no change found" grep -q '^Verdict: no change found' "$tap_tmp/out"
ok_if "bisect compared only the two ends" grep -q '^Benchmarked 2 of 12 commits' "$tap_tmp/out"

range_run_custom "$repo" "$range" --sweep --threshold 10 --no-cache
ok_if "sweep exits 3" test "$range_status" -eq 3
ok_if "sweep ends: no change found" grep -q '^Verdict: no change found' "$tap_tmp/out"
ok_if "sweep flagged nothing" test "$(grep -c 'degrades\|improves' "$tap_tmp/out")" -eq 0
ok_if "--no-cache measured all 12 again" grep -q '^Benchmarked 12 of 12 commits' "$tap_tmp/out"

# A threshold below the noise cannot be met: the verdict says so, it does
# not guess.
range_run_custom "$repo" "$range" --threshold 1 --max-passes 20 --workdir "$tap_tmp/work2"
ok_if "too fine a threshold is inconclusive (exit 4)" test "$range_status" -eq 4
ok_if "and says inconclusive" grep -q '^Verdict: inconclusive' "$tap_tmp/out"
ok_if "at the first look, without spending --max-passes" \
  grep -q 'inconclusive after 10 paired passes' "$tap_tmp/out"
ok_if "the noise guard says what would resolve it, after the first comparison" \
  grep -Eq '^Noise: [0-9.]+% per pass; a verdict at 1% needs ~[0-9]+ paired passes, more than --max-passes 20: use --max-passes [0-9]+, or --threshold [0-9]+' "$tap_tmp/out"
ok_if "and stops instead of measuring the range" grep -q '^Benchmarked 2 of 12 commits' "$tap_tmp/out"
done_testing
