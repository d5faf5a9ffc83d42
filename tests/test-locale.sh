# SPDX-License-Identifier: GPL-2.0-or-later
# Numbers that scripts read keep a decimal point whatever the locale says:
# "Result: 568.2ms", "12.3ms ±0.4ms".  CI generates de_DE.UTF-8, whose
# decimal separator is a comma.
. "$top_srcdir/tests/tap.sh"
locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$' || skip_all "locale de_DE.UTF-8 is not installed"
export LC_ALL=de_DE.UTF-8
ba="$top_builddir/boot-analysis/boot-analysis"
bb="$top_builddir/boot-benchmark/boot-benchmark"

"$ba" --replay "$top_srcdir/tests/data/capture-tcg-3passes.jsonl.gz" --no-colour --top 3 \
  >"$tap_tmp/ba.out" 2>&1
ok_if "boot-analysis timeline: decimal points" grep -Eq '^ +run [0-9]+\.[0-9]ms ±[0-9]+\.[0-9]ms' "$tap_tmp/ba.out"
ok_if "boot-analysis timeline: no decimal commas" sh -c "! grep -Eq '[0-9],[0-9]ms' '$tap_tmp/ba.out'"

kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
if [ -z "${BOOTPERF_SKIP_BOOT:-}" ] && [ -n "$kernel" ] && [ -r "$kernel" ]; then
  "$bb" --kernel "$kernel" --accel tcg --passes 1 --warmup 0 --csv "$tap_tmp/b.csv" \
    >"$tap_tmp/bb.out" 2>&1
  ok_if "boot-benchmark: the Result line keeps its decimal point" \
    grep -Eq '^Result: [0-9]+\.[0-9]ms ±[0-9]+\.[0-9]ms$' "$tap_tmp/bb.out"
  ok_if "boot-benchmark: CSV numbers keep their decimal point" \
    grep -Eq '^1,[0-9]+\.[0-9]+,' "$tap_tmp/b.csv"
fi
done_testing
