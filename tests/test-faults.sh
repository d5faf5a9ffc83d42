#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-faults.sh: faults that really happen to a run, and what the tools owe
# the user then: one clear line on stderr, a non-zero exit, every completed
# pass still reported and saved, no half-written file, no qemu left running,
# and a next run that works.
#   - the hypervisor missing, or not executable (no boot);
#   - the output directory read-only (chattr +i), before and during a run;
#   - writing to a full disk (/dev/full);
#   - qemu killed with SIGKILL in the middle of pass 2 (one real TCG boot and
#     a half), and then a run that works.
# Ctrl-C during a benchmark and a range run, and --timeout, are in
# test-boot-benchmark-e2e.sh and test-range-resume.sh.  The boots are
# skipped when BOOTPERF_SKIP_BOOT is set.
. "$top_srcdir/tests/tap.sh"

bb="$top_builddir/boot-benchmark/boot-benchmark"
ba="$top_builddir/boot-analysis/boot-analysis"
cap="$top_srcdir/tests/data/capture-tcg-3passes.jsonl.gz"
t=$tap_tmp
command -v jq >/dev/null || skip_all "jq is not installed"

exits_with () { # CODE COMMAND...: passes if COMMAND exits with CODE
  want=$1; shift
  "$@" >"$t/out" 2>"$t/err"; got=$?
  [ "$got" -eq "$want" ] || { note "exit $got, wanted $want: $(head -c 300 "$t/err")"; return 1; }
}
err_is_one_line () { # REGEX: stderr is one line matching it
  [ "$(wc -l <"$t/err")" -eq 1 ] && grep -Eq "$1" "$t/err" ||
    { note "stderr: $(head -c 300 "$t/err")"; return 1; }
}
empty_dir () { [ -z "$(ls -A "$1")" ]; }

# ---- the hypervisor missing or not executable ---------------------------------
printf '#!/bin/sh\nexec /usr/bin/qemu-system-x86_64 "$@"\n' >"$t/hv-noexec"
chmod 644 "$t/hv-noexec"
for hv in /nonexistent "$t/hv-noexec"; do
  case $hv in /nonexistent) why="No such file" ;; *) why="Permission denied" ;; esac
  ok_if "boot-benchmark, hypervisor $hv: exit 1" exits_with 1 \
    env LIBGUESTFS_HV="$hv" "$bb" --accel tcg --passes 2 --warmup 0 --json "$t/hv.json"
  ok_if "boot-benchmark, hypervisor $hv: one line naming it" \
    err_is_one_line "^boot-benchmark: .*cannot run the hypervisor $hv: $why"
  # It fails before any pass: no JSON, or one that says the run is incomplete.
  ok_if "boot-benchmark, hypervisor $hv: no JSON claims a complete run" \
    sh -c '[ ! -e "$0" ] || jq -e ".complete == false" "$0" >/dev/null' "$t/hv.json"
  rm -f "$t/hv.json"
  ok_if "boot-analysis, hypervisor $hv: exit 1" \
    exits_with 1 env LIBGUESTFS_HV="$hv" "$ba" --accel tcg --passes 1 --warmup 0
  ok_if "boot-analysis, hypervisor $hv: one line naming it" \
    err_is_one_line "^boot-analysis: .*cannot run the hypervisor $hv: $why"
done

# A hypervisor that fails: the cause in one line, without libguestfs's
# paragraph of debugging advice.
printf '#!/bin/sh\nexit 3\n' >"$t/hv-fails"
chmod +x "$t/hv-fails"
ok_if "boot-benchmark, failing hypervisor: exit 1" exits_with 1 \
  env LIBGUESTFS_HV="$t/hv-fails" "$bb" --accel tcg --passes 1 --warmup 0
ok_if "boot-benchmark, failing hypervisor: one line, the cause only" \
  err_is_one_line "^boot-benchmark: pass 1: .*hv-fails exited with error status 3\.\$"

# ---- the output directory read-only --------------------------------------------
# root ignores permissions; an immutable directory refuses even root.
ro="$t/ro"
mkdir "$ro"
trap 'chattr -i "$ro" 2>/dev/null; rm -rf "$tap_tmp"' EXIT
if chattr +i "$ro" 2>/dev/null; then
  ok_if "boot-benchmark, read-only --json dir: exit 1 before booting" \
    exits_with 1 "$bb" --accel tcg --passes 1 --warmup 0 --json "$ro/run.json"
  ok_if "boot-benchmark, read-only --json dir: one line naming the file" \
    err_is_one_line "^boot-benchmark: cannot write $ro/run.json"
  for opt in --json --svg --save; do
    ok_if "boot-analysis --replay, read-only $opt dir: exit 1" \
      exits_with 1 "$ba" --replay "$cap" "$opt" "$ro/out"
    ok_if "boot-analysis --replay, read-only $opt dir: one line naming the file" \
      err_is_one_line "^boot-analysis: cannot write $ro/out"
  done
  ok_if "nothing was left in the read-only directory" empty_dir "$ro"
  chattr -i "$ro"
else
  note "chattr +i is not supported here: read-only directory tests skipped"
fi

# ---- a full disk ------------------------------------------------------------------
for opt in --json --svg --save; do
  ok_if "boot-analysis --replay $opt /dev/full: exit 1" \
    exits_with 1 "$ba" --replay "$cap" --no-colour "$opt" /dev/full
  ok_if "boot-analysis --replay $opt /dev/full: one line, no space left" \
    err_is_one_line "^boot-analysis: cannot write /dev/full: No space left on device"
done
# --json and --svg are written after the report: the timeline is still shown.
"$ba" --replay "$cap" --no-colour --json /dev/full >"$t/out" 2>"$t/err"
ok_if "boot-analysis --json /dev/full: the timeline is still reported" \
  grep -q '^Longest activities:' "$t/out"

if [ -n "${BOOTPERF_SKIP_BOOT:-}" ]; then
  note "BOOTPERF_SKIP_BOOT is set: boots skipped"
  done_testing
fi
[ -x /usr/bin/qemu-system-x86_64 ] || { note "qemu is not installed: boots skipped"; done_testing; }

# ---- qemu killed with SIGKILL in the middle of pass 2 ---------------------------------
# The marker on the kernel command line is on qemu's command line: it finds
# this run's qemu, and any left behind.
marker="bootperf_fault_$$_$RANDOM"
# "[q]emu" matches qemu's command line, not one that holds this pattern.
qemu_pid () { pgrep -f "[q]emu-system.*$marker" | head -n 1; }
no_qemu_left () { [ -z "$(qemu_pid)" ]; }
qemu_running () { [ -n "$(qemu_pid)" ]; }
new_qemu () { local p; p=$(qemu_pid); [ -n "$p" ] && [ "$p" != "$first" ]; }
wait_for () { # SECONDS COMMAND...: until COMMAND succeeds
  local end=$(( $(date +%s) + $1 )); shift
  until "$@"; do [ "$(date +%s)" -lt "$end" ] || return 1; sleep 0.2; done
}
out="$t/outdir"
mkdir "$out"
"$bb" --accel tcg --passes 3 --warmup 0 --timeout 120 --append "$marker" \
  --json "$t/kill.json" --csv "$out/kill.csv" >"$t/kill.out" 2>"$t/kill.err" &
bb_pid=$!
first=""; second=""
wait_for 60 qemu_running && first=$(qemu_pid)
note "pass 1 qemu: ${first:-not found}"
# The directory becomes read-only during the run (after the tool checked it).
chattr +i "$out" 2>/dev/null && ro_during=yes || ro_during=no
if [ -n "$first" ] && wait_for 150 new_qemu; then
  second=$(qemu_pid)
  sleep 3
  note "pass 2 qemu: $second, killed with SIGKILL"
  kill -KILL "$second"
fi
wait "$bb_pid"; rc=$?
chattr -i "$out" 2>/dev/null
ok_if "SIGKILL: pass 2's qemu was found and killed" test -n "$second"
ok_if "SIGKILL: exit 1" test "$rc" = 1
note "stderr: $(cat "$t/kill.err")"
ok_if "SIGKILL: one line names pass 2" \
  sh -c "grep -c '^boot-benchmark: pass 2: ' '$t/kill.err' | grep -qx 1"
ok_if "SIGKILL: without libguestfs's debugging advice" \
  sh -c "! grep -q 'LIBGUESTFS_DEBUG' '$t/kill.err'"
ok_if "SIGKILL: pass 1 is still reported" grep -Eq '^Result: [0-9.]+ms' "$t/kill.out"
# (A function: a redirection after ok_if would swallow its TAP line too.)
kill_json_ok () {
  jq -e '.complete == false and (.passes | length) == 2 and .passes[0].status == "ok"
         and .passes[1].status == "failed" and .summary.n == 1' "$t/kill.json" >/dev/null
}
ok_if "SIGKILL: the JSON keeps pass 1 ok and pass 2 failed" kill_json_ok
if [ "$ro_during" = yes ]; then
  ok_if "read-only during the run: the CSV error is one line naming it" \
    sh -c "grep -c '^boot-benchmark: cannot write $out/kill.csv' '$t/kill.err' | grep -qx 1"
  ok_if "read-only during the run: no file, no temporary file left" empty_dir "$out"
fi
ok_if "SIGKILL: no qemu of this run left" no_qemu_left
ok_if "SIGKILL: the killed qemu is gone" sh -c '! kill -0 "$0" 2>/dev/null' "${second:-1}"
ok_if "SIGKILL: no stderr line is libguestfs noise" \
  sh -c "! grep -v '^boot-benchmark: ' '$t/kill.err' | grep -q ."

# ---- the next run works -------------------------------------------------------------
ok_if "the next run works: exit 0" exits_with 0 \
  "$bb" --accel tcg --passes 1 --warmup 0 --append "$marker" --json "$t/next.json" \
  --csv "$out/next.csv"
ok_if "the next run works: complete JSON and CSV" \
  sh -c "jq -e '.complete == true' '$t/next.json' >/dev/null && test \$(wc -l < '$out/next.csv') = 2"
ok_if "the next run leaves no qemu" no_qemu_left

done_testing
