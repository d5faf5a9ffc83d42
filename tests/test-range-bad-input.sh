#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-bad-input.sh: each kind of bad input ends with one clear error
# line on stderr and the documented non-zero exit status.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"

repo=$tap_tmp/repo
range_make_repo "$repo" 3 0 0
range="$(range_sha "$repo" 0)..HEAD"

# expect_error DESCRIPTION STATUS PATTERN: the last range_run_custom exited
# with STATUS and printed exactly one stderr line matching PATTERN.
expect_error () {
  local desc=$1 status=$2 pattern=$3
  note "$desc: status $range_status: $(head -c 300 "$tap_tmp/err")"
  ok_if "$desc: exit $status" test "$range_status" -eq "$status"
  ok_if "$desc: one error line" \
    test "$(wc -l < "$tap_tmp/err")" -eq 1 -a -z "$(grep -v "^boot-benchmark-range: error: .*$pattern" "$tap_tmp/err")"
}

mkdir "$tap_tmp/plain"
range_run_custom "$tap_tmp/plain" HEAD
expect_error "not a git repository" 2 "is not a git repository"

range_run_custom "$tap_tmp/missing" HEAD
expect_error "no such directory" 2 "no such directory"

range_run_custom "$repo" HEAD..HEAD
expect_error "empty range" 2 "names no commits"

range_run_custom "$repo" "nosuchcommit..HEAD"
expect_error "unknown commit" 2 "unknown commit 'nosuchcommit'"

range_run_custom "$repo" "$(range_sha "$repo" 1)^..$(range_sha "$repo" 1)"
expect_error "a single commit" 2 "names only one commit"

range_status=0
"$RANGE" --kind custom --benchmark true --workdir "$tap_tmp/work" "$repo" "$range" \
  > "$tap_tmp/out" 2> "$tap_tmp/err" || range_status=$?
expect_error "custom without --build" 2 "needs --build"

range_run_custom "$repo" "$range" --build 'no-such-build-command-xyz'
expect_error "build command missing" 1 "build of [0-9a-f]* failed, exit status 127: .*no-such-build-command-xyz: not found; every commit would fail alike"

range_run_custom "$repo" "$range" --build false
expect_error "build failing on every commit" 1 "none of the 3 commits .* could be measured.*build failed"

range_status=0
"$RANGE" --kind custom --build true --benchmark 'echo nothing useful' \
  --workdir "$tap_tmp/work" --quiet "$repo" "$range" \
  > "$tap_tmp/out" 2> "$tap_tmp/err" || range_status=$?
expect_error "benchmark printing nothing" 1 "gave no samples .*log: .*bench-1.log"

range_run_custom "$repo" "$range" --workdir /dev/null/work
expect_error "unwritable work directory" 2 "cannot create work directory /dev/null/work"

range_run_custom "$repo" "$range" --json /dev/null/r.json
expect_error "unwritable --json" 2 "/dev/null/r.json"

range_run_custom "$repo" "$range" --passes 0
expect_error "no pass" 2 "--passes must be at least 1"

range_run_custom "$repo" "$range" --kind nosuch
expect_error "unknown kind" 2 "--kind must be"

range_run_custom "$repo" "$range" --bisect --sweep
expect_error "two modes" 2 "exclude each other"

range_status=0
"$RANGE" "$repo" > "$tap_tmp/out" 2> "$tap_tmp/err" || range_status=$?
expect_error "missing RANGE" 2 "expected REPO and RANGE"
# The issue's 4 against 4 passes: 4 pairs can give p = 0.125 at best, so no
# verdict is reachable at alpha 0.01; refused at once, saying what works.
range_run_custom "$repo" "$range" --passes 4 --max-passes 4 --workdir "$tap_tmp/refused"
expect_error "a plan that cannot decide" 2 \
  "--max-passes 4 cannot reach a verdict: with 4 paired passes the smallest p is 0.125, not below the 0.01 a comparison may spend; use --max-passes 8 or more, or a larger --alpha"
ok_if "before any work: not even the work directory was made" test ! -e "$tap_tmp/refused"
# A sweep shares --alpha over its comparisons (2 here).
range_run_custom "$repo" "$range" --sweep --passes 8 --max-passes 8
expect_error "a sweep that cannot decide" 2 \
  "with 8 paired passes the smallest p is 0.00781, not below the 0.005 a comparison may spend (--alpha 0.01 over 2 comparisons); use --max-passes 9 or more"

range_run_custom "$repo" "$range" --test welch
expect_error "the old --test" 2 "--test is gone: every verdict uses the paired signed-rank estimator"
done_testing
