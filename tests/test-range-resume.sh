#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-resume.sh: Ctrl-C mid-run leaves the cache consistent; the rerun
# resumes without benchmarking the finished commits again; a corrupt cache
# file is reported and measured afresh, never trusted.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"

repo=$tap_tmp/repo
range_make_repo "$repo" 8 5 1400
range="$(range_sha "$repo" 0)..HEAD"
work=$tap_tmp/work
export FAKE_CV=0.03 FAKE_SLEEP=0.4 FAKE_LOG=$tap_tmp/runs1

"$RANGE" --kind custom --build "$RANGE_BUILD" --benchmark "$(range_fake_bench)" \
  --workdir "$work" --quiet --sweep "$repo" "$range" > "$tap_tmp/out1" 2> "$tap_tmp/err1" &
pid=$!
# Interrupt once three commits are cached (each run takes FAKE_SLEEP).
for _ in $(seq 1 100); do
  n=$(ls "$work"/cache/*/*.json 2> /dev/null | wc -l)
  [ "$n" -ge 3 ] && break
  sleep 0.1
done
kill -INT "$pid"
status=0
wait "$pid" || status=$?
sed 's/^/# /' "$tap_tmp/out1" "$tap_tmp/err1"
ok_if "the interrupted run exits 130" test "$status" -eq 130
ok_if "it says it was interrupted" grep -q "interrupted" "$tap_tmp/err1"
ok_if "and where the results are" grep -q "^Verdict: interrupted; measured results are cached in" "$tap_tmp/out1"
ok_if "no benchmark is left running" \
  test -z "$(pgrep -f "$tap_tmp/fake-bench.sh" || true)"

cached=$(ls "$work"/cache/*/*.json | xargs -n1 basename | sed 's/\.json$//')
note "cached before the rerun: $(echo $cached)"
ok_if "at least 3 commits were cached" test "$(echo "$cached" | wc -l)" -ge 3
for f in "$work"/cache/*/*.json; do
  ok_if "cache file $(basename "$f") is complete JSON" \
    grep -q '"samples_ms"' "$f"
done

for f in "$work"/cache/*/*.json; do
  grep -o '"run" : [0-9]*' "$f" | sed "s/.* /$(basename "$f" .json) /"
done | sort > "$tap_tmp/cached-runs"
ok_if "the cache holds runs with their rounds" test -s "$tap_tmp/cached-runs"
export FAKE_LOG=$tap_tmp/runs2 FAKE_SLEEP=
range_run_custom "$repo" "$range" --sweep
ok_if "the rerun completes (exit 0)" test "$range_status" -eq 0
ok_if "it finds commit 5" \
  grep -q "^Verdict: first change at $(range_sha "$repo" 5 | cut -c1-7)" "$tap_tmp/out"
# Each line of a FAKE_LOG is "COMMIT RUN": a run measured before the
# interruption is never measured again, and the rerun does less than a
# sweep from scratch.
ok_if "no run cached before the interruption was measured again" \
  test -z "$(sort "$tap_tmp/runs2" | comm -12 "$tap_tmp/cached-runs" -)"
ok_if "the rerun measured the commits not yet cached" \
  test "$(for c in $(cut -d' ' -f1 "$tap_tmp/runs2" | sort -u); do echo "$cached" | grep -qx "$c" || echo "$c"; done | wc -l)" -eq $((8 - $(echo "$cached" | wc -l)))
export FAKE_LOG=$tap_tmp/runs3
range_run_custom "$repo" "$range" --sweep --no-cache --workdir "$tap_tmp/work3"
ok_if "the rerun measured fewer runs than a sweep from scratch" \
  test "$(wc -l < "$tap_tmp/runs2")" -lt "$(wc -l < "$tap_tmp/runs3")"
export FAKE_LOG=$tap_tmp/runs2

# Corrupt one cache file: the reader rejects it, the commit is measured again.
victim=$(ls "$work"/cache/*/*.json | head -n 1)
printf '{"format":"bootperf-range-cache","version":1,"commit":' > "$victim"
: > "$tap_tmp/runs2"
range_run_custom "$repo" "$range" --sweep
ok_if "a corrupt cache file does not stop the run" test "$range_status" -eq 0
ok_if "it is reported as corrupt, by name" \
  grep -q "warning: cache file $victim is corrupt: .*; measuring it again" "$tap_tmp/err"
# Its comparisons with the commits before and after it are measured again
# (interleaved, both sides); no other commit is touched.
victim_k=$(for k in $(seq 0 8); do [ "$(range_sha "$repo" "$k")" = "$(basename "$victim" .json)" ] && echo "$k"; done)
neighbours=$(for k in $((victim_k - 1)) "$victim_k" $((victim_k + 1)); do [ "$k" -ge 1 ] && [ "$k" -le 8 ] && range_sha "$repo" "$k"; done)
ok_if "and only that commit and its neighbours are measured again" \
  test -z "$(cut -d' ' -f1 "$tap_tmp/runs2" | sort -u | grep -vxF "$neighbours")" \
  -a -n "$(grep "^$(basename "$victim" .json) " "$tap_tmp/runs2")"
ok_if "the cache file is whole again" grep -q '"samples_ms"' "$victim"
done_testing
