#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-tree.sh: the build tree and the kept artifacts, on a real C
# project built by make (six sources, one changed per commit; boot.h, which
# one source includes, holds the "boot time" the program prints: 1000 ms,
# 1300 ms from commit 8 on).
#   - commits are built in one tree, checked out in place: the first build
#     compiles all six sources, each later one of a sweep only what the
#     commit changed; each build's time is printed, incremental from the
#     commit built before;
#   - the program is kept per commit and the benchmark runs the kept one;
#   - measuring again (--no-cache, a removed build tree) never builds again,
#     and the new logs go beside the old ones;
#   - a commit whose artifacts were removed is built again, alone; kept
#     artifacts without any cache are measured, not built;
#   - the disk line; --remove-tree reclaims the tree.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"
command -v cc > /dev/null || skip_all "no C compiler"
command -v make > /dev/null || skip_all "make is not installed"

export COMPILE_LOG=$tap_tmp/compiled.log FAKE_LOG=$tap_tmp/fake.log
repo=$tap_tmp/repo
git init -q "$repo"
commit () { range_commit_all "$repo" "$1"; }
for i in 0 1 2 3 4 5; do
  printf 'int f%d (void) { return %d; }\n' "$i" "$i" > "$repo/a$i.c"
done
cat >> "$repo/a0.c" <<'EOF'
#include <stdio.h>
#include "boot.h"
int main (void) { printf ("%d\n", BOOT_MS); return 0; }
EOF
echo '#define BOOT_MS 1000' > "$repo/boot.h"
cat > "$repo/Makefile" <<'EOF'
OBJS = a0.o a1.o a2.o a3.o a4.o a5.o
prog: $(OBJS)
	cc -o $@ $(OBJS)
a0.o: boot.h
%.o: %.c
	echo "$$BOOTPERF_COMMIT $<" >> "$$COMPILE_LOG"
	cc -c -o $@ $<
EOF
commit "commit 0: six sources"
for k in $(seq 1 12); do
  echo "/* change $k */" >> "$repo/a$((k % 6)).c"
  [ "$k" -eq 8 ] && echo '#define BOOT_MS 1300' > "$repo/boot.h"
  commit "commit $k: a$((k % 6)).c"
done
sha () { git -C "$repo" log --format=%H --grep="^commit $1:" -n 1; }
changed=$(sha 8)

# The benchmark: the kept program says the boot time; samples around it.
bench=$tap_tmp/bench.sh
cat > "$bench" <<EOF
#!/bin/sh
"\$BOOTPERF_ARTIFACTS/prog" > "\$BOOTPERF_ARTIFACTS/boot_ms" || exit 1
exec "$(range_fake_bench)"
EOF
chmod +x "$bench"
work=$tap_tmp/work
run () {
  range_status=0
  "$RANGE" --kind custom --build 'make -s prog && cp prog "$BOOTPERF_ARTIFACTS/"' \
    --benchmark "$bench" --workdir "$work" --threshold 10 --quiet "$@" \
    "$repo" "$(sha 0)..HEAD" > "$tap_tmp/out" 2> "$tap_tmp/err" || range_status=$?
  sed 's/^/# /' "$tap_tmp/out" "$tap_tmp/err"
}
compiled () { grep -c "^$1 " "$COMPILE_LOG"; }

run --sweep --json "$tap_tmp/r.json"
ok_if "sweep finds commit 8 (exit 0)" \
  test "$range_status" -eq 0 -a -n "$(grep "^Verdict: first change at ${changed:0:7}" "$tap_tmp/out")"
ok_if "the first build compiled all six sources" test "$(compiled "$(sha 1)")" -eq 6
bad=
for k in $(seq 2 12); do
  want=1
  [ "$k" -eq 8 ] && want=2 # a2.c, and a0.c through boot.h
  [ "$(compiled "$(sha "$k")")" -eq "$want" ] || bad="$bad $k"
done
ok_if "every later build compiled only what its commit changed" test -z "$bad"
ok_if "each build's time is printed, incremental from the one before" \
  test "$(grep -c "^Built [0-9a-f]\{7\} commit [0-9]*: .* in [0-9.]*s (incremental from [0-9a-f]\{7\}; log: $work/logs/" "$tap_tmp/out")" -eq 11 \
    -a "$(grep -c "^Built $(sha 1 | cut -c1-7) .*(first in the build tree; log" "$tap_tmp/out")" -eq 1
ok_if "every run keeps when it started and the host's load, in the JSON" \
  jq -e --arg now "$(date +%s)" '[.commits[].runs[]] | length > 20 and
    all(.time > ($now | tonumber) - 3600 and .time <= ($now | tonumber) and (.load | type) == "number")' "$tap_tmp/r.json"
ok_if "the cache keeps each build's time" \
  jq -e '.build_seconds > 0' "$work/cache/"*"/$(sha 5).json"
ok_if "every commit's program is kept" test "$(ls "$work"/artifacts/*/COMPLETE | wc -l)" -eq 12
ok_if "the kept program is the commit's own" \
  test "$("$work/artifacts/$(sha 7 | cut -c1-12)/prog")" = 1000 \
    -a "$("$work/artifacts/$(sha 8 | cut -c1-12)/prog")" = 1300
ok_if "the disk used is printed" \
  grep -Eq "^Disk: [0-9.]+ [kMG]B of artifacts for 12 commits in $work/artifacts; build tree [0-9.]+ [kMG]B in $work/tree \(kept" "$tap_tmp/out"

range_status=0
"$RANGE" --kind custom --build 'make -s prog && cp prog "$BOOTPERF_ARTIFACTS/"' \
  --benchmark "$bench" --workdir "$work" --threshold 10 --quiet --sweep \
  "$repo" "$(sha 9)..HEAD" > "$tap_tmp/out" 2> "$tap_tmp/err" || range_status=$?
sed 's/^/# /' "$tap_tmp/out" "$tap_tmp/err"
ok_if "a shorter range in the same work directory: the disk line counts every commit its size covers" \
  test "$range_status" -eq 3 -a \
    -n "$(grep -E "^Disk: [0-9.]+ [kMG]B of artifacts for 12 commits in $work/artifacts;" "$tap_tmp/out")"

lines=$(wc -l < "$COMPILE_LOG")
runs=$(wc -l < "$FAKE_LOG")
run --sweep --no-cache
ok_if "measured again with --no-cache: nothing built again" \
  test "$(wc -l < "$COMPILE_LOG")" -eq "$lines" -a -z "$(grep '^Built' "$tap_tmp/out")" \
    -a "$(wc -l < "$FAKE_LOG")" -gt $((runs + 12))
ok_if "and the same verdict" grep -q "^Verdict: first change at ${changed:0:7}" "$tap_tmp/out"
ok_if "the new benchmark logs are beside the old ones" \
  test -s "$work/logs/${changed:0:7}/bench-1.log" -a -s "$work/logs/${changed:0:7}/bench-1-2.log"

rm -rf "$work/tree"
run --no-cache
ok_if "the build tree reclaimed: a bisection measures from the artifacts alone" \
  test "$range_status" -eq 0 -a "$(wc -l < "$COMPILE_LOG")" -eq "$lines" \
    -a -n "$(grep "^Verdict: first change at ${changed:0:7}" "$tap_tmp/out")"

rm -rf "$work/artifacts/$(sha 12 | cut -c1-12)"
run --no-cache
ok_if "a commit whose artifacts are gone is built again, alone, in a new tree" \
  test "$(grep -c '^Built ' "$tap_tmp/out")" -eq 1 -a "$(compiled "$(sha 12)")" -eq 7
ok_if "its new build log is beside the old one" \
  test -e "$work/logs/$(sha 12 | cut -c1-7)/build.log" -a -e "$work/logs/$(sha 12 | cut -c1-7)/build-2.log"

run --remove-tree
ok_if "--remove-tree: the run completes from the cache" test "$range_status" -eq 0
ok_if "--remove-tree: the tree is gone, the repository has no worktree left" \
  test ! -e "$work/tree" -a "$(git -C "$repo" worktree list | wc -l)" -eq 1
ok_if "--remove-tree: the artifacts stay" test "$(ls "$work"/artifacts/*/COMPLETE | wc -l)" -eq 12
ok_if "--remove-tree: the disk line says so" grep -q "^Disk: .*(removed now)" "$tap_tmp/out"

rm -rf "$work/cache"
run
ok_if "no cache at all (artifacts copied from another host): measured, not built" \
  test "$range_status" -eq 0 -a -z "$(grep '^Built' "$tap_tmp/out")" \
    -a "$(wc -l < "$COMPILE_LOG")" -eq $((lines + 6))
done_testing
