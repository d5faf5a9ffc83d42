#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-faults.sh: boot-benchmark-range against a hostile repository or
# work directory.
#   - a commit subject that is not UTF-8 and holds escape sequences: stdout
#     shows it escaped, --json and the cache stay valid JSON, and a rerun
#     reads the cache (nothing is measured again);
#   - the build tree's path planted as a symlink to another checkout: the build runs
#     in a worktree of its own, never inside that checkout.
# (Killing a run, two runs on one work directory and --bench-timeout are in
# test-process.sh.)
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"

t=$tap_tmp
command -v jq >/dev/null || skip_all "jq is not installed"
[ -x "$RANGE" ] || skip_all "boot-benchmark-range not built"
esc=$(printf '\033')

# ---- a hostile commit subject ---------------------------------------------------------
repo="$t/repo"
range_make_repo "$repo" 3 0 1000 >/dev/null
first=$(range_sha "$repo" 0)
# git commit would re-encode the message: the commit object is made by hand,
# with no encoding header and raw bytes, as old or imported history has.
tree=$(git -C "$repo" rev-parse 'HEAD^{tree}')
parent=$(git -C "$repo" rev-parse HEAD)
hostile=$(printf 'tree %s\nparent %s\nauthor T <t@e> 1577836800 +0000\ncommitter T <t@e> 1577836800 +0000\n\nLatin-1 caf\351 \377 and %s[2J%s[31mred\n' \
  "$tree" "$parent" "$esc" "$esc" | git -C "$repo" hash-object -t commit -w --stdin)
git -C "$repo" update-ref HEAD "$hostile"
export FAKE_LOG="$t/fake.log"
run_range () {
  "$RANGE" --kind custom --build "$RANGE_BUILD" --benchmark "$(range_fake_bench)" --workdir "$t/work" \
    --sweep --json "$t/r.json" "$repo" "$first..HEAD" >"$t/out" 2>"$t/err"
}
run_range
rc=$?
note "exit $rc; stderr: $(head -c 300 "$t/err")"
completed () { [ "$1" -eq 0 ] || [ "$1" -eq 3 ] || [ "$1" -eq 4 ]; }
ok_if "hostile subject: the run completes" completed "$rc"
ok_if "hostile subject: no escape sequence reaches stdout" sh -c '! grep -q "$1" "$0"' "$t/out" "$esc"
ok_if "hostile subject: stdout is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$t/out" -o /dev/null
ok_if "hostile subject: it is shown, escaped" grep -q 'caf.* and \\x1b\[2J\\x1b\[31mred' "$t/out"
valid_json () { iconv -f UTF-8 -t UTF-8 "$1" -o /dev/null && jq -e . "$1" >/dev/null; }
ok_if "hostile subject: --json is valid UTF-8 JSON" valid_json "$t/r.json"
cache_valid () {
  local f n=0
  for f in "$t"/work/cache/*/*.json; do valid_json "$f" || return 1; n=$((n + 1)); done
  [ "$n" -eq 4 ]
}
ok_if "hostile subject: every cache file is valid JSON" cache_valid
runs_before=$(wc -l <"$FAKE_LOG")
run_range
rc=$?
ok_if "hostile subject: a rerun works" completed "$rc"
ok_if "hostile subject: the rerun finds no corrupt cache" sh -c '! grep -q corrupt "$0"' "$t/err"
ok_if "hostile subject: the rerun measures nothing again" test "$(wc -l <"$FAKE_LOG")" -eq "$runs_before"

# ---- the build tree's path planted as a symlink -------------------------------------------
repo2="$t/repo2"
range_make_repo "$repo2" 2 0 1000 >/dev/null
base=$(range_sha "$repo2" 0)
planted=$(range_sha "$repo2" 1) # the range's first commit
other="$t/other-checkout"
git clone -q "$repo2" "$other"
git -C "$other" checkout -q --detach "$planted"
wd="$t/work2"
mkdir -p "$wd"
ln -s "$other" "$wd/tree"
"$RANGE" --kind custom --build 'touch built-here && cp boot_ms "$BOOTPERF_ARTIFACTS/"' \
  --benchmark "$(range_fake_bench)" --workdir "$wd" --sweep "$repo2" "$base..HEAD" \
  >"$t/out2" 2>"$t/err2" </dev/null
rc=$?
note "exit $rc; stderr: $(head -c 300 "$t/err2")"
ok_if "planted symlink: the build did not run in the other checkout" \
  test ! -e "$other/built-here"
ok_if "planted symlink: the other checkout is intact" \
  sh -c '[ -z "$(git -C "$0" status --porcelain)" ]' "$other"
ok_if "planted symlink: the run completes" completed "$rc"

done_testing
