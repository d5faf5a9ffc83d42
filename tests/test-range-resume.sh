#!/bin/bash
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

"$RANGE" --kind custom --build 'test ! -e BROKEN' --benchmark "$(range_fake_bench)" \
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

export FAKE_LOG=$tap_tmp/runs2 FAKE_SLEEP=
range_run_custom "$repo" "$range" --sweep
ok_if "the rerun completes (exit 0)" test "$range_status" -eq 0
ok_if "it finds commit 5" \
  grep -q "^Verdict: first change at $(range_sha "$repo" 5 | cut -c1-7)" "$tap_tmp/out"
rerun=0
for c in $cached; do
  if grep -q "^$c " "$tap_tmp/runs2"; then rerun=$((rerun + 1)); fi
done
ok_if "no finished commit was benchmarked again" test "$rerun" -eq 0
ok_if "the other commits were" test "$(cut -d' ' -f1 "$tap_tmp/runs2" | sort -u | wc -l)" -eq $((8 - $(echo "$cached" | wc -l)))

# Corrupt one cache file: the reader rejects it, the commit is measured again.
victim=$(ls "$work"/cache/*/*.json | head -n 1)
printf '{"format":"bootperf-range-cache","version":1,"commit":' > "$victim"
: > "$tap_tmp/runs2"
range_run_custom "$repo" "$range" --sweep
ok_if "a corrupt cache file does not stop the run" test "$range_status" -eq 0
ok_if "it is reported as corrupt, by name" \
  grep -q "warning: cache file $victim is corrupt: .*; measuring it again" "$tap_tmp/err"
ok_if "and only that commit is measured again" \
  test "$(cut -d' ' -f1 "$tap_tmp/runs2" | sort -u)" = "$(basename "$victim" .json)"
ok_if "the cache file is whole again" grep -q '"samples_ms"' "$victim"
done_testing
