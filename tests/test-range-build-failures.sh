#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-build-failures.sh: builds that fail.
#   - the first build needs the network (a real git clone of a host that
#     cannot resolve): the run stops at once with git's first error line,
#     naming what it tried to download; only one build ran; the JSON says
#     the run failed;
#   - a commit that fails for itself is skipped with its first error line,
#     and the run goes on;
#   - --build-timeout stops a build that hangs, and the run goes on;
#   - a failed build is cached with its reason and not built again, unless
#     --retry-failed, whose log goes beside the first one.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"
command -v jq > /dev/null || skip_all "jq is not installed"

repo=$tap_tmp/repo
range_make_repo "$repo" 6 4 1500 3 > /dev/null # commit 3 carries BROKEN
range="$(range_sha "$repo" 0)..HEAD"
broken=$(range_sha "$repo" 3)
count_build_logs () { find "$tap_tmp/$1/logs" -name 'build*.log' | wc -l; }

# --- the network, on the first build ------------------------------------
range_run_custom "$repo" "$range" --workdir "$tap_tmp/net" --json "$tap_tmp/net.json" \
  --build 'git clone -q http://bootperf.invalid/firmware.git firmware && cp boot_ms "$BOOTPERF_ARTIFACTS/"'
ok_if "network: the run stops with exit 1" test "$range_status" -eq 1
ok_if "network: one line, with git's first error line and what it fetched" \
  test "$(wc -l < "$tap_tmp/err")" -eq 1 \
    -a -n "$(grep -E "^boot-benchmark-range: error: build of [0-9a-f]{7} failed, exit status 128: it tried to download 'firmware' \(fatal: unable to access 'http://bootperf.invalid/firmware.git/': .*\).*every commit would fail alike, so none other was built \(log: $tap_tmp/net/logs/[0-9a-f]{7}/build.log\)$" "$tap_tmp/err")"
ok_if "network: only the first build ran" test "$(count_build_logs net)" -eq 1
ok_if "network: the JSON says the run failed, incomplete" \
  jq -e '.outcome == "failed" and .complete == false' "$tap_tmp/net.json"

# --- a commit that fails for itself, a build that hangs -----------------
build='if [ -e BROKEN ] && [ ! -e "$FIXED" ]; then echo "broken.c:1:1: error: this commit is broken" >&2; sleep 60; fi; cp boot_ms "$BOOTPERF_ARTIFACTS/"'
export FIXED=$tap_tmp/fixed
start=$(date +%s)
range_run_custom "$repo" "$range" --sweep --threshold 10 --build "$build" --build-timeout 2 \
  --workdir "$tap_tmp/work" --json "$tap_tmp/r.json"
took=$(( $(date +%s) - start ))
ok_if "timeout: the sweep completes and finds commit 4 (exit 0)" test "$range_status" -eq 0
ok_if "timeout: the hanging build was stopped, its commit skipped, saying why" \
  range_commit_says "$broken" "skipped: build failed, stopped after the --build-timeout of 2 s \(log: .*/build.log\)"
ok_if "timeout: in seconds, not the 60 s the build would hang" test "$took" -lt 45
ok_if "timeout: the JSON keeps the reason" \
  jq -e --arg c "$broken" '.commits[] | select(.commit == $c) | .build_reason == "stopped after the --build-timeout of 2 s"' "$tap_tmp/r.json"

range_run_custom "$repo" "$range" --sweep --threshold 10 \
  --build 'if [ -e BROKEN ]; then echo "broken.c:1:1: error: this commit is broken" >&2; exit 1; fi; cp boot_ms "$BOOTPERF_ARTIFACTS/"' \
  --workdir "$tap_tmp/work2"
ok_if "a commit's own failure: skipped with its first error line, the run goes on" \
  test "$range_status" -eq 0 -a -n "$(range_commit_says "$broken" "skipped: build failed, exit status 1: broken.c:1:1: error: this commit is broken \(log: " && echo y)"

# --- cached failures, --retry-failed ------------------------------------
range_run_custom "$repo" "$range" --sweep --threshold 10 --build "$build" --build-timeout 2 \
  --workdir "$tap_tmp/work"
ok_if "cached: the failed build is not built again" \
  test ! -e "$tap_tmp/work/logs/${broken:0:7}/build-2.log"
ok_if "cached: its reason is kept, and how to retry" \
  range_commit_says "$broken" "skipped: build failed, stopped after the --build-timeout of 2 s \(cached: --retry-failed builds it again; log: "

touch "$FIXED"
range_run_custom "$repo" "$range" --sweep --threshold 10 --build "$build" --build-timeout 2 \
  --workdir "$tap_tmp/work" --retry-failed
ok_if "--retry-failed: the commit is built again, its log beside the first" \
  test -s "$tap_tmp/work/logs/${broken:0:7}/build.log" -a -e "$tap_tmp/work/logs/${broken:0:7}/build-2.log"
ok_if "--retry-failed: and now measured" range_commit_says "$broken" "same within"
ok_if "--retry-failed: no other commit was built again" \
  test "$(count_build_logs work)" -eq 7
done_testing
