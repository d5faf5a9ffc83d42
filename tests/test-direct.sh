#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test-direct.sh: direct kernel mode end to end under TCG, with the Debian
# kernel in /boot and the project's tiny init: the ready marker is seen, time,
# phases and RSS are reported, JSON and CSV are sane; --machine microvm boots;
# a --ready regex that never matches ends with the timeout message, exit 1 and
# no qemu left; the tiny init's size; option errors before any boot;
# boot-analysis --kernel gives a timeline with initcalls.  About 4 boots of
# ~8 s each.  (--compare and --precision booting: test-sequential-e2e.sh.)
. "$top_srcdir/tests/tap.sh"

bb="$top_builddir/boot-benchmark/boot-benchmark"
ba="$top_builddir/boot-analysis/boot-analysis"
cpio="$top_builddir/tiny-init/tiny-init.cpio"
init="$top_builddir/tiny-init/tiny-init"
[ -x "$bb" ] && [ -x "$ba" ] || skip_all "tools not built"

# The tiny init's size needs no boot.
size=$(stat -c %s "$init")
note "tiny init: $size bytes; initrd: $(stat -c %s "$cpio") bytes"
ok_if "the tiny init is under 16 KiB ($size bytes)" [ "$size" -lt 16384 ]
static_elf () { [ "$(head -c 4 "$init" | tail -c 3)" = ELF ] && ! grep -q 'ld-linux' "$init"; }
ok_if "the tiny init is an ELF executable without a dynamic loader" static_elf

run () {
  timeout -k 5 "${limit:-120}" "$@" >"$tap_tmp/out" 2>"$tap_tmp/err" </dev/null
  rc=$?
  note "$(basename "$1") ... -> exit $rc"
  sed 's/^/#   stderr: /' "$tap_tmp/err" | head -5
}
# error_line CODE WORD ARGS...: exit CODE and one line on stderr containing WORD.
error_line () {
  code=$1 word=$2; shift 2
  run "$bb" "$@"
  [ "$rc" -eq "$code" ] && [ "$(wc -l <"$tap_tmp/err")" -eq 1 ] && grep -q -e "$word" "$tap_tmp/err"
}
ok_if "missing --kernel file: exit 2, one line naming it" error_line 2 /no/such/vmlinuz --kernel /no/such/vmlinuz
ok_if "--kernel naming a directory: exit 2, one line" error_line 2 "is a directory" --kernel /tmp
ok_if "missing --initrd: exit 2" error_line 2 /no/such/initrd --kernel /dev/null --initrd /no/such/initrd
ok_if "bad --machine: exit 2" error_line 2 "--machine must be" --kernel /dev/null --machine isapc
ok_if "bad --ready regex: exit 2 with pcre2's message" error_line 2 "--ready" --kernel /dev/null --ready 'a(b'
ok_if "--initrd without --kernel: exit 2" error_line 2 "need --kernel" --initrd /dev/null
ok_if "--qemu not found: exit 2" error_line 2 "not found" --kernel /dev/null --qemu /no/such/qemu
ok_if "--compare with one configuration: exit 2" error_line 2 "two or more" --config a=
ok_if "--config without NAME=: exit 2" error_line 2 "NAME=OPTIONS" --config a --config b=
ok_if "--config with --passes: exit 2" error_line 2 "whole run" --config a= --config 'b=--passes 3'
ok_if "--test foo: exit 2" error_line 2 "--test" --config a= --config b= --test foo

kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] && [ -r "$kernel" ] || { note "no readable /boot/vmlinuz-*: boots skipped"; done_testing; }
[ -n "${BOOTPERF_SKIP_BOOT:-}" ] && { note "BOOTPERF_SKIP_BOOT set: boots skipped"; done_testing; }
common="--kernel $kernel --accel tcg --warmup 0 --quiet"

# --- one boot: marker, time, phases, RSS, JSON, CSV -----------------------------
run "$bb" $common --passes 1 --verbose --json "$tap_tmp/d.json" --csv "$tap_tmp/d.csv"
cp "$tap_tmp/out" "$tap_tmp/boot.out"; cp "$tap_tmp/err" "$tap_tmp/boot.err"
sed 's/^/#   /' "$tap_tmp/boot.out"
ok_if "one direct boot succeeds" [ "$rc" -eq 0 ]
ok_if "Result line" grep -q -E '^Result: [0-9]+\.[0-9]ms ±[0-9]+\.[0-9]ms$' "$tap_tmp/boot.out"
ok_if "peak RSS reported" grep -q -E 'memory: [0-9.]+ MiB' "$tap_tmp/boot.out"
ok_if "phase to the ready marker reported" grep -q 'kernel output → ready marker' "$tap_tmp/boot.out"
ok_if "--verbose shows the qemu command line" grep -q -e "-kernel.*-initrd.*tiny-init.cpio" "$tap_tmp/boot.err"
json_ok () {
  jq -e '.complete == true and .config.accel == "tcg" and .config.direct.machine == "pc"
         and (.passes | length) == 1 and .passes[0].status == "ok"
         and .passes[0].qemu_peak_rss_kib > 10000
         and .passes[0].marks.ready_ms > .passes[0].marks.kernel_ms
         and .passes[0].marks.exit_ms >= .passes[0].marks.ready_ms
         and .passes[0].marks.exit_ms == .passes[0].wall_ms
         and (.summary.phases | length) >= 3' "$tap_tmp/d.json" >/dev/null
}
ok_if "JSON: complete, marks in order, RSS, phases" json_ok
ok_if "CSV: header with marks and one row" sh -c "head -1 '$tap_tmp/d.csv' | grep -q ',firmware_ms,kernel_ms,ready_ms,exit_ms,loadavg_1min$' && [ \$(wc -l <'$tap_tmp/d.csv') -eq 2 ]"

# --- microvm --------------------------------------------------------------------
run "$bb" $common --passes 1 --machine microvm
ok_if "--machine microvm boots to the ready marker" [ "$rc" -eq 0 ]

# --- never ready: the timeout ends it, nothing is left ----------------------------
marker="bootperf_test_$$_$(date +%s)"
limit=60 run "$bb" $common --passes 1 --timeout 15 --ready 'never-printed-[x]yz' \
  --append "bootperf_hold=1 $marker"
ok_if "a never-matching --ready: exit 1" [ "$rc" -eq 1 ]
ok_if "... with the timeout message" grep -q "no ready marker 'never-printed-\[x\]yz' within 15 s: qemu was killed" "$tap_tmp/err"
sleep 1
# (a function, not sh -c: pgrep would find that shell's own command line)
no_qemu_left () { ! pgrep -f "qemu.*$marker" >/dev/null; }
ok_if "... and no qemu left" no_qemu_left

# --- boot-analysis --kernel -------------------------------------------------------
limit=90 run "$ba" --kernel "$kernel" --accel tcg --passes 1 --warmup 0 --quiet --no-colour \
  --json "$tap_tmp/a.json"
ok_if "boot-analysis --kernel succeeds" [ "$rc" -eq 0 ]
ok_if "timeline with kernel, userspace and shutdown" sh -c "grep -q 'kernel:initcalls-before-userspace' '$tap_tmp/out' && grep -q ' userspace ' '$tap_tmp/out' && grep -q ' shutdown ' '$tap_tmp/out'"
n=$(grep -c 'initcall kernel\.' "$tap_tmp/out")
note "initcall activities in the timeline: $n"
ok_if "... with many initcalls" [ "$n" -gt 100 ]

done_testing
