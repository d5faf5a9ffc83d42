#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-ccache.sh: ccache in front of the compiler, path-independent.
# A C project built with -g (ccache then hashes the directory) by a plain
# `make` calling cc, in two work directories, so two build trees at two
# paths: the second tree's compiles all hit the cache the first filled,
# and --no-ccache leaves ccache out.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"
command -v ccache > /dev/null || skip_all "ccache is not installed"
[ -x /usr/lib/ccache/cc ] || skip_all "no ccache masquerade directory /usr/lib/ccache"
command -v make > /dev/null || skip_all "make is not installed"

export CCACHE_DIR=$tap_tmp/ccache
unset CCACHE_NOHASHDIR CCACHE_BASEDIR CCACHE_DISABLE
repo=$tap_tmp/repo
git init -q "$repo"
for i in 1 2 3; do printf 'int f%d (void) { return %d; }\n' "$i" "$i" > "$repo/a$i.c"; done
printf '#include <stdio.h>\nint main (void) { printf ("1000\\n"); return 0; }\n' > "$repo/a0.c"
cat > "$repo/Makefile" <<'EOF'
CFLAGS = -g -O1
prog: a0.o a1.o a2.o a3.o
	cc -o $@ a0.o a1.o a2.o a3.o
%.o: %.c
	cc $(CFLAGS) -c -o $@ $<
EOF
range_commit_all "$repo" "commit 0"
echo '/* 1 */' >> "$repo/a1.c"
range_commit_all "$repo" "commit 1"

bench=$tap_tmp/bench.sh
printf '#!/bin/sh\n"$BOOTPERF_ARTIFACTS/prog" > "$BOOTPERF_ARTIFACTS/boot_ms" || exit 1\nexec "%s"\n' \
  "$(range_fake_bench)" > "$bench"
chmod +x "$bench"
run () {
  local work=$1; shift
  range_status=0
  "$RANGE" --kind custom --threshold 10 --quiet --workdir "$tap_tmp/$work" "$@" \
    --build 'echo "PATH=$PATH NOHASHDIR=$CCACHE_NOHASHDIR BASEDIR=$CCACHE_BASEDIR"; make prog && cp prog "$BOOTPERF_ARTIFACTS/"' \
    --benchmark "$bench" "$repo" HEAD \
    > "$tap_tmp/out" 2> "$tap_tmp/err" || range_status=$?
  sed 's/^/# /' "$tap_tmp/err"
}
stat () { ccache --print-stats | awk -v k="$1" '$1 == k { print $2 }'; }

run one
ok_if "the first tree builds through ccache: every compile a miss" \
  test "$range_status" -ne 2 -a "$(stat direct_cache_miss)" -ge 4 -a "$(stat direct_cache_hit)" -eq 0
ok_if "the build saw ccache first in PATH, NOHASHDIR, BASEDIR the tree" \
  grep -q "^PATH=/usr/lib/ccache:.* NOHASHDIR=1 BASEDIR=$tap_tmp/one/tree\$" "$tap_tmp/one/logs/"*/build.log
ccache --zero-stats > /dev/null
run two
ok_if "a second tree at another path: every compile hits" \
  test "$(stat direct_cache_hit)" -ge 4 -a "$(stat direct_cache_miss)" -eq 0 -a "$(stat cache_miss)" -eq 0
ccache --zero-stats > /dev/null
run three --no-ccache
ok_if "--no-ccache: ccache is not called" \
  test "$(stat direct_cache_hit)" -eq 0 -a "$(stat cache_miss)" -eq 0 \
    -a -z "$(grep '^PATH=/usr/lib/ccache:' "$tap_tmp/three/logs/"*/build.log)"
done_testing
