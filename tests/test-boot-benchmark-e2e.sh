# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end: boot-benchmark boots the real appliance (TCG here; KVM does not
# work on the project's machines) and we check what it prints and writes.
. "$top_srcdir/tests/tap.sh"
bb="$top_builddir/boot-benchmark/boot-benchmark"
[ -z "${BOOTPERF_SKIP_BOOT:-}" ] || skip_all "real boots skipped: BOOTPERF_SKIP_BOOT is set"
command -v jq >/dev/null || skip_all "jq is not installed"
[ -x /usr/bin/qemu-system-x86_64 ] || skip_all "qemu-system-x86_64 is not installed"

# A marker on the kernel command line: it must reach the guest, and it lets
# us find any qemu of ours left running (it is on qemu's command line).
marker="bootperf_e2e_$$_$RANDOM"
no_stray_qemu () { ! pgrep -f "$marker" >/dev/null; }

json="$tap_tmp/run.json"; csv="$tap_tmp/run.csv"
"$bb" --accel tcg --passes 2 --warmup 1 --append "$marker=1" --verbose \
      --json "$json" --csv "$csv" >"$tap_tmp/out" 2>"$tap_tmp/err"
rc=$?
ok_if "real TCG run exits 0" test "$rc" = 0
ok_if "prints a Result line in the original's format" \
  grep -Eq '^Result: [0-9]+\.[0-9]ms ±[0-9]+\.[0-9]ms$' "$tap_tmp/out"
ok_if "header names the accelerator actually used" grep -Eq '^ +accel: tcg ' "$tap_tmp/out"
ok_if "header shows the append" grep -Eq "^ +append: .*$marker=1" "$tap_tmp/out"
ok_if "--append reaches the guest kernel command line" \
  grep -Eq "Command line: .*$marker=1" "$tap_tmp/err"
ok_if "JSON is complete, tcg, 2 passes ok" \
  jq -e '.complete == true and .config.accel == "tcg" and (.passes | length) == 2
         and all(.passes[]; .status == "ok")' "$json"
ok_if "every pass took more than a second and had qemu RSS > 0" \
  jq -e 'all(.passes[]; .wall_ms > 1000 and .qemu_peak_rss_kib > 0)' "$json"
ok_if "summary mean is the mean of the passes" \
  jq -e '.summary.n == 2 and ((.summary.mean_ms - ([.passes[].wall_ms] | add / 2)) | fabs) < 0.001' "$json"
result_ms=$(sed -n 's/^Result: \([0-9.]*\)ms.*/\1/p' "$tap_tmp/out")
ok_if "Result line agrees with the JSON mean" \
  jq -e --argjson r "$result_ms" '((.summary.mean_ms - $r) | fabs) < 0.05' "$json"
ok_if "CSV has a header and one row per pass" test "$(wc -l < "$csv")" = 3
ok_if "qemu of a finished run has exited" no_stray_qemu

# --accel kvm: on these machines KVM cannot boot a guest; it must say so fast.
start=$(date +%s)
"$bb" --accel kvm --reprobe --passes 1 --warmup 0 --timeout 120 >"$tap_tmp/out" 2>"$tap_tmp/err"
rc=$?; took=$(( $(date +%s) - start ))
kvm_works=no
if [ "$rc" = 0 ]; then
  kvm_works=yes
  note "KVM works on this host: --accel kvm booted"
  ok_if "--accel kvm on a KVM host reports kvm" grep -Eq '^ +accel: kvm ' "$tap_tmp/out"
else
  ok_if "--accel kvm without usable KVM exits 1" test "$rc" = 1
  ok_if "--accel kvm explains in one line" \
    sh -c "grep -c 'KVM is not usable' '$tap_tmp/err' | grep -qx 1 && test \$(wc -l < '$tap_tmp/err') = 1"
  ok_if "--accel kvm fails within 60 s (took ${took}s)" test "$took" -lt 60
fi

# The other way KVM fails here: qemu starts, the firmware runs, and the guest
# then spins forever.  A stand-in hypervisor provokes it (without the
# arch-capabilities CPU feature, qemu no longer aborts under this host's KVM),
# and the probe must give up 10 s after the firmware, leaving no qemu behind.
if [ "$kvm_works" = no ] && [ -r /dev/kvm ]; then
  cat > "$tap_tmp/hang-hv.sh" <<'HV'
#!/bin/sh
for a; do
  shift
  case "$a" in max|max,*) a="max,-arch-capabilities" ;; esac
  set -- "$@" "$a"
done
exec /usr/bin/qemu-system-x86_64 "$@"
HV
  chmod +x "$tap_tmp/hang-hv.sh"
  start=$(date +%s)
  LIBGUESTFS_HV="$tap_tmp/hang-hv.sh" "$bb" --accel kvm --reprobe --passes 1 --warmup 0 \
    >"$tap_tmp/out" 2>"$tap_tmp/err"
  rc=$?; took=$(( $(date +%s) - start ))
  note "hanging-guest probe: exit $rc after ${took}s: $(cat "$tap_tmp/err")"
  if grep -q 'guest hung under KVM' "$tap_tmp/err"; then
    ok_if "a guest hanging under KVM is detected, exit 1" test "$rc" = 1
    ok_if "the hang is detected within 40 s" test "$took" -lt 40
    ok_if "no KVM qemu left after the hang probe" sh -c '! pgrep -f "accel=[k]vm" >/dev/null'
  elif grep -q 'KVM is not usable' "$tap_tmp/err"; then
    note "this host's KVM fails differently with the stand-in: not the hang case"
  fi
fi

# --timeout: a pass that cannot finish in 5 s is killed, reported, exit 1.
# With --accel auto, which must fall back to TCG here in one line.
start=$(date +%s)
"$bb" --accel auto --passes 2 --warmup 0 --timeout 5 --append "$marker=2" \
      --json "$json" >"$tap_tmp/out" 2>"$tap_tmp/err"
rc=$?; took=$(( $(date +%s) - start ))
note "timeout run took ${took}s, exit $rc"
ok_if "--timeout 5 exits 1" test "$rc" = 1
ok_if "--timeout 5 stops within 15 s" test "$took" -lt 15
ok_if "the timeout names the pass" grep -q '^boot-benchmark: pass 1: .*within 5 s' "$tap_tmp/err"
ok_if "the JSON records the timed-out pass" \
  jq -e '.complete == false and .passes[0].status == "timeout"' "$json"
ok_if "no qemu left after a timeout" no_stray_qemu
if [ "$kvm_works" = no ]; then
  ok_if "--accel auto falls back to TCG and says so in one line" \
    sh -c "grep -c 'KVM is not usable.*using TCG' '$tap_tmp/err' | grep -qx 1"
  ok_if "--accel auto records tcg and why in the JSON" \
    jq -e '.config.accel == "tcg" and (.config.accel_note | test("KVM is not usable"))' "$json"
fi

# Ctrl-C in the middle of a boot: exit 130, the pass recorded, qemu gone.
"$bb" --accel tcg --passes 3 --warmup 0 --append "$marker=3" \
      --json "$json" >"$tap_tmp/out" 2>"$tap_tmp/err" &
pid=$!
sleep 8
kill -INT "$pid"
wait "$pid"; rc=$?
ok_if "SIGINT exits 130" test "$rc" = 130
ok_if "SIGINT still writes the JSON" jq -e '.passes[0].status == "interrupted"' "$json"
sleep 1
ok_if "no qemu left after SIGINT" no_stray_qemu

done_testing
