#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-version.sh: a commit that changes only the version, on a
# project built the way QEMU is.  QEMU writes VERSION into config-host.h,
# which every source includes (through qemu/osdep.h), so a stable release's
# commit makes make recompile nearly everything (1154 of 1426 steps on
# Debian's QEMU 7.2).  The tool's build tree cannot avoid that: the header
# really changed.  What saves the build is ccache in front of the compiler:
# a source that does not use the version macro preprocesses to the same
# text, so ccache's preprocessor mode finds the object of the commit before.
# Here: six sources include a config.h generated from VERSION, one prints
# the version; commit 1 changes VERSION alone, commit 2 one source.
#   - make recompiles all six for commit 1 (the header changed), but the
#     compiler runs for the one source that uses the version: five are
#     ccache hits in preprocessor mode;
#   - commit 2 (one source changed): make recompiles that one alone, the
#     checkout left the other files as they were;
#   - with --no-ccache the compiler runs for all six on commit 1.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"
command -v ccache > /dev/null || skip_all "ccache is not installed"
[ -x /usr/lib/ccache/cc ] || skip_all "no ccache masquerade directory /usr/lib/ccache"
command -v make > /dev/null || skip_all "make is not installed"

export CCACHE_DIR=$tap_tmp/ccache COMPILE_LOG=$tap_tmp/compiled.log
unset CCACHE_NOHASHDIR CCACHE_BASEDIR CCACHE_DISABLE
repo=$tap_tmp/repo
git init -q "$repo"
for i in 1 2 3 4 5; do
  printf '#include "config.h"\nint f%d (void) { return %d; }\n' "$i" "$i" > "$repo/a$i.c"
done
cat > "$repo/a0.c" <<'EOF'
#include "config.h"
#include <stdio.h>
int main (void) { printf ("1000 %s\n", APP_VERSION); return 0; }
EOF
echo 1.0.0 > "$repo/VERSION"
# config.h from VERSION, as QEMU's configure and meson make config-host.h
# (rewritten only when its text changes).
cat > "$repo/Makefile" <<'EOF'
CFLAGS = -g -O1
OBJS = a0.o a1.o a2.o a3.o a4.o a5.o
prog: $(OBJS)
	cc -o $@ $(OBJS)
config.h: VERSION
	printf '#define APP_VERSION "%s"\n#define APP_HAS_THREADS 1\n' "$$(cat VERSION)" > $@.tmp
	cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@
$(OBJS): config.h
%.o: %.c
	echo "$$BOOTPERF_COMMIT $<" >> "$$COMPILE_LOG"
	cc $(CFLAGS) -c -o $@ $<
EOF
printf 'config.h\n*.o\nprog\n' > "$repo/.gitignore"
range_commit_all "$repo" "commit 0: version 1.0.0"
echo 1.0.1 > "$repo/VERSION"
range_commit_all "$repo" "commit 1: version 1.0.1"
echo '/* fixed */' >> "$repo/a3.c"
range_commit_all "$repo" "commit 2: a3.c"

bench=$tap_tmp/bench.sh
printf '#!/bin/sh\n"$BOOTPERF_ARTIFACTS/prog" | cut -d" " -f1 > "$BOOTPERF_ARTIFACTS/boot_ms" || exit 1\nexec "%s"\n' \
  "$(range_fake_bench)" > "$bench"
chmod +x "$bench"
# Each build keeps ccache's counters for its own compiles beside the program.
build='ccache --zero-stats > /dev/null && make -s prog && cp prog "$BOOTPERF_ARTIFACTS/" && ccache --print-stats > "$BOOTPERF_ARTIFACTS/ccache-stats"'
run () {
  local work=$1; shift
  range_status=0
  "$RANGE" --kind custom --sweep --threshold 10 --quiet --workdir "$tap_tmp/$work" "$@" \
    --build "$build" --benchmark "$bench" "$repo" HEAD \
    > "$tap_tmp/out" 2> "$tap_tmp/err" || range_status=$?
  sed 's/^/# /' "$tap_tmp/out" "$tap_tmp/err"
}
sha () { git -C "$repo" log --format=%H --grep="^commit $1:" -n 1; }
# stat WORK K KEY: ccache's KEY counter during the build of commit K.
stat () {
  awk -v k="$3" '$1 == k { print $2 }' "$tap_tmp/$1/artifacts/$(sha "$2" | cut -c1-12)/ccache-stats"
}
made () { grep -c "^$(sha "$1") " "$COMPILE_LOG"; }

run one
ok_if "the sweep built all three commits (no failure, exit 3: the boot time never changes)" \
  test "$range_status" -eq 3 -a -s "$tap_tmp/one/artifacts/$(sha 2 | cut -c1-12)/ccache-stats"
ok_if "commit 0: make compiled all six, the compiler ran for all six" \
  test "$(made 0)" -eq 6 -a "$(stat one 0 cache_miss)" -eq 6
ok_if "commit 1 (VERSION alone): make recompiled all six, config.h changed" \
  test "$(made 1)" -eq 6
ok_if "commit 1: the compiler ran for a0.c alone, five preprocessor-mode ccache hits" \
  test "$(stat one 1 cache_miss)" -eq 1 -a "$(stat one 1 preprocessed_cache_hit)" -eq 5
ok_if "commit 2 (a3.c): make recompiled a3.c alone" \
  test "$(made 2)" -eq 1 -a -n "$(grep "^$(sha 2) a3.c\$" "$COMPILE_LOG")"
ok_if "each kept program prints its own commit's version" \
  test "$("$tap_tmp/one/artifacts/$(sha 0 | cut -c1-12)/prog")" = "1000 1.0.0" \
    -a "$("$tap_tmp/one/artifacts/$(sha 1 | cut -c1-12)/prog")" = "1000 1.0.1"

: > "$COMPILE_LOG"
run two --no-ccache
ok_if "--no-ccache: commit 1 goes to the compiler six times, ccache never" \
  test "$(made 1)" -eq 6 -a "$(stat two 1 cache_miss)" -eq 0 \
    -a "$(stat two 1 preprocessed_cache_hit)" -eq 0 -a "$(stat two 1 direct_cache_hit)" -eq 0
done_testing
