#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test-fuzz-inputs.sh: every fuzz target (tests/fuzz/fuzz-*.c) runs over its
# seed corpus (tests/fuzz/corpus/TARGET) and over the reproducers of the bugs
# fuzzing found (tests/fuzz/regressions/TARGET), so that a fixed bug stays
# fixed in the ordinary suite.  A failed check or sanitizer report aborts the
# target and fails its test point.
. "$top_srcdir/tests/tap.sh"

fuzz="$top_srcdir/tests/fuzz"
for target in capture-chunks printk-time rules-load replay-jsonl replay-log range-cache; do
  prog="$top_builddir/tests/fuzz/fuzz-$target"
  for kind in corpus regressions; do
    dir="$fuzz/$kind/$target"
    [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] || continue
    n=$(ls -A "$dir" | wc -l)
    # libFuzzer and the standalone driver both run each file named once.
    ok_if "fuzz-$target: $n $kind input(s)" \
      sh -c '"$1" "$2"/* >"$3" 2>&1 || { tail -n 20 "$3" | sed "s/^/# /"; exit 1; }' \
      sh "$prog" "$dir" "$tap_tmp/out"
  done
done
done_testing
