#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-sweep.sh: a sweep measures every commit, flags the known change
# and nothing else; a commit that fails to build is skipped and reported.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"

repo=$tap_tmp/repo
range_make_repo "$repo" 10 6 1250 3
range="$(range_sha "$repo" 0)..HEAD"
changed=$(range_sha "$repo" 6)
broken=$(range_sha "$repo" 3)

FAKE_JSON=1 range_run_custom "$repo" "$range" --sweep --threshold 10 --json "$tap_tmp/r.json"
ok_if "sweep exits 0 when it flags a change" test "$range_status" -eq 0
ok_if "every commit is listed" test "$(grep -c '^[0-9a-f]\{7\} commit ' "$tap_tmp/out")" -eq 10
ok_if "commit 6 is flagged" range_commit_says "$changed" "degrades performance by"
ok_if "only commit 6 is flagged" test "$(grep -c 'degrades\|improves' "$tap_tmp/out")" -eq 1
ok_if "the verdict names commit 6" grep -q "^Verdict: first change at ${changed:0:7}" "$tap_tmp/out"
ok_if "the broken commit is skipped with its build log" \
  range_commit_says "$broken" "skipped: build failed, exit status 1 \(log: .*build.log\)"
ok_if "and listed as skipped at the end" grep -q "^Skipped (could not be measured): ${broken:0:7}" "$tap_tmp/out"
ok_if "JSON records the skip" grep -q '"verdict" : "skipped"' "$tap_tmp/r.json"

# Bisection around a broken commit: it is skipped like git bisect skip, and
# reported as a possible culprit when it sits right before the change.
repo2=$tap_tmp/repo2
range_make_repo "$repo2" 16 10 1300 9
changed2=$(range_sha "$repo2" 10)
broken2=$(range_sha "$repo2" 9)
range_run_custom "$repo2" "$(range_sha "$repo2" 0)..HEAD" --threshold 10 --workdir "$tap_tmp/work2"
ok_if "bisect still exits 0" test "$range_status" -eq 0
ok_if "bisect names commit 10" grep -q "^Verdict: first change at ${changed2:0:7}" "$tap_tmp/out"
ok_if "bisect reports the skipped commit as a possible culprit" \
  grep -q "may instead be in: ${broken2:0:7} (skipped)" "$tap_tmp/out"
done_testing
