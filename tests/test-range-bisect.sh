#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-bisect.sh: bisection finds a known change in a synthetic range
# with ~6% noise, benchmarking few commits, and writes JSON and CSV.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"

repo=$tap_tmp/repo
range_make_repo "$repo" 32 21 1300
range="$(range_sha "$repo" 0)..HEAD"
changed=$(range_sha "$repo" 21)

range_run_custom "$repo" "$range" --threshold 10 \
  --json "$tap_tmp/r.json" --csv "$tap_tmp/r.csv"
ok_if "bisect exits 0 when it finds a change" test "$range_status" -eq 0
ok_if "the verdict names commit 21" \
  grep -q "^Verdict: first change at ${changed:0:7} commit 21" "$tap_tmp/out"
ok_if "the named commit was confirmed against its parent, with its interval and p" \
  grep -Eq "^	\+[0-9.]+% against its parent $(range_sha "$repo" 20 | cut -c1-7) \([0-9.]+% CI \+[0-9.]+% \.\. \+[0-9.]+%, p[<=][0-9.]+, [0-9]+ paired passes\): confirmed\$" "$tap_tmp/out"
ok_if "the range's change is stated against the baseline" \
  grep -Eq '^	\+[0-9.]+% against [0-9a-f]{7} the baseline at the range.s end [0-9a-f]{7} \([0-9.]+% CI \+[0-9.]+% \.\. \+[0-9.]+%, p[<=][0-9.]+, [0-9]+ paired passes\)' "$tap_tmp/out"
ok_if "the header gives the steps' level and the confirmation's, one-sided" \
  grep -Eq '^Verdicts: .*; search steps 40%; confirmation 99\.59%, one-sided\)' "$tap_tmp/out"
ok_if "search steps say which end a commit is like, against the midpoint" \
  grep -Eq '^	[0-9.]+ms ±[0-9.]+ms like the (baseline|end): [-+][0-9.]+% against [0-9a-f]{7}, the midpoint [-+][0-9.]+% \(40% CI' "$tap_tmp/out"
ok_if "the changed commit's line says it degrades performance" \
  grep -q "degrades performance by" "$tap_tmp/out"
ok_if "at most 8 commits are benchmarked" \
  grep -Eq '^Benchmarked [1-8] of 32 commits' "$tap_tmp/out"
ok_if "JSON has each run with the commit it was paired with" \
  grep -Eq '"against" : "[0-9a-f]{40}"' "$tap_tmp/r.json"
ok_if "and its round" test "$(grep -c '"round" : [1-9]' "$tap_tmp/r.json")" -ge 4
ok_if "JSON names the first changed commit" \
  grep -q "\"first_changed\" : \"$changed\"" "$tap_tmp/r.json"
ok_if "JSON says its schema, and each commit's summary is in ms" \
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == 2
for c in d["commits"]:
    if c["samples_ms"]:
        s = c["summary"]
        assert s["n"] == len(c["samples_ms"]) and s["min_ms"] == min(c["samples_ms"])
        assert s["max_ms"] == max(c["samples_ms"]) and s["median_ms"] >= s["min_ms"]' "$tap_tmp/r.json"
ok_if "JSON gives the confirmation's interval level and its one-sided bound's" \
  python3 -c 'import json, sys
c = json.load(open(sys.argv[1]))["confirmation"]
assert c["verdict"] == "changed" and c["diff_pct_ci_low"] > 5
assert abs(c["ci_level"] - 0.9959) < 5e-5, c["ci_level"]
assert abs(c["bound_level"] - (1 + c["ci_level"]) / 2) < 1e-9' "$tap_tmp/r.json"
ok_if "CSV has a header and one row per sample" \
  test "$(head -1 "$tap_tmp/r.csv")" = "commit,subject,verdict,compared_with,p_value,diff_pct,sample,wall_ms" \
  -a "$(grep -c "^$changed,.*,[0-9]*,[0-9.]*\$" "$tap_tmp/r.csv")" -ge 10
ok_if "the user's checkout is untouched: builds ran in the tool's own tree" \
  test "$(git -C "$repo" status --porcelain | wc -l)" -eq 0 \
    -a "$(git -C "$repo" rev-parse HEAD)" = "$(range_sha "$repo" 32)" \
    -a "$(git -C "$repo" worktree list | awk '{print $1}' | tail -n +2)" = "$tap_tmp/work/tree"

# The same run again comes from the cache: nothing is benchmarked.
range_run_custom "$repo" "$range" --threshold 10
ok_if "a rerun reuses the cache" grep -q '^Benchmarked 0 of 32 commits' "$tap_tmp/out"
ok_if "and reaches the same verdict" \
  grep -q "^Verdict: first change at ${changed:0:7}" "$tap_tmp/out"

# A speed-up, from JSON samples.
repo2=$tap_tmp/repo2
range_make_repo "$repo2" 9 4 700
FAKE_JSON=1 range_run_custom "$repo2" "$(range_sha "$repo2" 0)..HEAD" --threshold 10 \
  --workdir "$tap_tmp/work2"
ok_if "a speed-up is found" \
  grep -q "^Verdict: first change at $(range_sha "$repo2" 4 | cut -c1-7)" "$tap_tmp/out"
ok_if "and reported as an improvement" grep -q "improves performance by" "$tap_tmp/out"
ok_if "its interval lies below the -10% threshold" \
  grep -Eq '^	-[0-9.]+% against .*CI -[0-9.]+% \.\. -[1-9][0-9]\.[0-9]%' "$tap_tmp/out"
done_testing
