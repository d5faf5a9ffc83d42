#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-judge.sh: --judge-against, driven by git bisect run itself, over
# a synthetic range of 24 commits, +30% from commit 17, commit 9 broken.
#   - git bisect run names commit 17 as the first bad commit;
#   - the baseline is built once for the whole bisection (its artifacts and
#     samples stay in the work directory), and the checkout git bisect moves
#     is never built in;
#   - the exit codes by hand: 0 at an unchanged commit, 1 at a changed one,
#     125 at one that does not build, 255 on a bad option (which makes git
#     bisect run stop rather than read it as "bad").
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"

repo=$tap_tmp/repo
range_make_repo "$repo" 24 17 1300 9 > /dev/null
# Ids first: range_sha looks from HEAD, which git bisect moves.
declare -a sha
for k in $(seq 0 24); do sha[k]=$(range_sha "$repo" "$k"); done
base=${sha[0]}
changed=${sha[17]}
work=$tap_tmp/work
judge=$tap_tmp/judge.sh
cat > "$judge" <<EOF
#!/bin/sh
exec "$RANGE" --judge-against $base --kind custom --build '$RANGE_BUILD' \\
  --benchmark "$(range_fake_bench)" --threshold 10 --workdir "$work" --quiet "\$@"
EOF
chmod +x "$judge"

git -C "$repo" bisect start HEAD "$base" > /dev/null
(cd "$repo" && git bisect run "$judge") > "$tap_tmp/bisect.out" 2>&1
status=$?
sed 's/^/# /' "$tap_tmp/bisect.out" | grep -v '^# \(Work directory\|Verdicts\|Judging\)' | head -n 60
ok_if "git bisect run completes" test "$status" -eq 0
ok_if "git bisect names commit 17 as the first bad commit" \
  grep -q "^$changed is the first bad commit" "$tap_tmp/bisect.out"
ok_if "the baseline was built once for the whole bisection" \
  test "$(find "$work/logs/${base:0:7}" -name 'build*.log' | wc -l)" -eq 1
ok_if "the broken commit, if tried, was skipped (125), not called bad" \
  sh -c '! grep -q "^$0 is the first bad commit" "$1"' "${sha[9]}" "$tap_tmp/bisect.out"
git -C "$repo" bisect reset -q > /dev/null 2>&1 || git -C "$repo" bisect reset > /dev/null 2>&1
ok_if "the checkout git bisect moved was never built in" \
  test -z "$(git -C "$repo" status --porcelain)"

at () { # at K: judge commit K by hand; prints the exit status
  git -C "$repo" checkout -q --detach "${sha[$1]}"
  local s=0
  (cd "$repo" && "$judge" > "$tap_tmp/out" 2> "$tap_tmp/err") || s=$?
  echo "$s"
}
ok_if "by hand: an unchanged commit is good (0)" test "$(at 12)" -eq 0
ok_if "by hand: a changed commit is bad (1)" test "$(at 20)" -eq 1
ok_if "and says how it changed" grep -q "degrades performance by" "$tap_tmp/out"
ok_if "by hand: a commit that does not build is skipped (125)" test "$(at 9)" -eq 125
s=0
(cd "$repo" && "$judge" --passes 0 > /dev/null 2> "$tap_tmp/err") || s=$?
ok_if "by hand: a bad option stops git bisect run (255), with one line" \
  test "$s" -eq 255 -a "$(wc -l < "$tap_tmp/err")" -eq 1
s=0
"$RANGE" --judge-against "$base" "$repo" HEAD > /dev/null 2> "$tap_tmp/err" || s=$?
ok_if "a RANGE with --judge-against is refused, with one line" \
  test "$s" -eq 255 -a -n "$(grep 'judges REPO.s HEAD' "$tap_tmp/err")"
git -C "$repo" checkout -q --detach "$base"
s=0
(cd "$repo" && "$judge" > /dev/null 2> "$tap_tmp/err") || s=$?
ok_if "HEAD at the baseline itself: refused, with one line" \
  test "$s" -eq 255 -a -n "$(grep 'is the baseline' "$tap_tmp/err")"
done_testing
