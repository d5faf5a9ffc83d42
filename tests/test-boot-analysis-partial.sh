# SPDX-License-Identifier: GPL-2.0-or-later
# boot-analysis interrupted in its second pass: the first, completed pass is
# still analysed and reported, every captured event (the interrupted pass's
# too) is saved, the exit status is 130, and no qemu is left.  Real TCG boots.
. "$top_srcdir/tests/tap.sh"
ba="$top_builddir/boot-analysis/boot-analysis"
[ -z "${BOOTPERF_SKIP_BOOT:-}" ] || skip_all "BOOTPERF_SKIP_BOOT is set"
command -v jq >/dev/null || skip_all "jq is not installed"
[ -x /usr/bin/qemu-system-x86_64 ] || skip_all "qemu-system-x86_64 is not installed"

marker="bootperf_partial_$$_$RANDOM"
# (Functions, not sh -c: a shell's own command line would match the pattern.)
qemu_pid () { pgrep -f "qemu-system.*$marker" | head -n 1; }
no_qemu () { ! pgrep -f "qemu-system.*$marker" >/dev/null; }

"$ba" --accel tcg --passes 3 --warmup 0 --append "$marker=1" --no-colour \
      --save "$tap_tmp/cap.jsonl" --json "$tap_tmp/an.json" \
      >"$tap_tmp/out" 2>"$tap_tmp/err" &
pid=$!
# Wait for the first pass's qemu, then for a different one: pass 2 has begun.
first=""; second=""
for _ in $(seq 1 600); do
  p=$(qemu_pid)
  if [ -z "$first" ]; then first=$p
  elif [ -n "$p" ] && [ "$p" != "$first" ]; then second=$p; break
  fi
  sleep 0.2
done
note "first qemu $first, second qemu $second"
ok_if "pass 2 started (a second qemu appeared)" test -n "$second"
sleep 3
kill -INT "$pid"
wait "$pid"; rc=$?
note "exit $rc; stderr: $(cat "$tap_tmp/err")"
ok_if "interrupted run exits 130" test "$rc" = 130
ok_if "it says it analysed the completed pass" grep -q 'analysing the 1 completed pass' "$tap_tmp/out"
ok_if "the completed pass's timeline is printed" grep -q '^Longest activities:' "$tap_tmp/out"
ok_if "the JSON report holds the one completed pass" \
  jq -e '(.passes | length) == 1' "$tap_tmp/an.json"
ok_if "the saved capture holds both passes' events" \
  sh -c "jq -s '[.[] | select(.pass != null) | .pass] | unique' '$tap_tmp/cap.jsonl' | jq -e '. == [0, 1]' >/dev/null"
ok_if "no qemu left" no_qemu
done_testing
