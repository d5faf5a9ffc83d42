#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-e2e.sh: boot-benchmark-range over the real boot-benchmark under
# TCG.  A synthetic repository holds a stand-in hypervisor (hv.sh, which
# execs the real qemu); its second commit adds "sleep 20" before the exec, a
# change far above this machine's noise even when a loaded host stretches a
# boot to a minute or two (an 8 s sleep stayed inconclusive then).
# --build true, four or five rounds of one pass each, the order
# alternating, no warm-up: at most 10 real boots (about 6 minutes on a quiet
# host).  One pass a round keeps each pair a boot apart, so a host whose
# load swings between runs moves both sides.  --alpha 0.2: looks at 4 and 5
# pairs (Pocock: 85.11% intervals); at 5 the interval leaves out the
# extreme Walsh average on each side, so one pair that a swing of the load
# spoiled does not hide the change.  The range has two commits, so its end
# comparison is the named commit's confirmation.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"
bb=$top_builddir/boot-benchmark/boot-benchmark
qemu=/usr/bin/qemu-system-x86_64
[ -z "${BOOTPERF_SKIP_BOOT:-}" ] || skip_all "real boots skipped: BOOTPERF_SKIP_BOOT is set"
[ -x "$qemu" ] || skip_all "qemu-system-x86_64 is not installed"
command -v jq > /dev/null || skip_all "jq is not installed"
"$bb" --version > /dev/null 2>&1 || skip_all "boot-benchmark is not built"

repo=$tap_tmp/repo
git init -q "$repo"
commit () {
  git -C "$repo" add -A
  git -C "$repo" -c user.name=Test -c user.email=test@example.org commit -q -m "$1"
}
echo "stand-in hypervisors" > "$repo/README"
commit "start"
base=$(git -C "$repo" rev-parse HEAD)
printf '#!/bin/sh\nexec %s "$@"\n' "$qemu" > "$repo/hv.sh"
chmod +x "$repo/hv.sh"
commit "hv.sh: run qemu"
# Only the boot sleeps: libguestfs also runs the hypervisor to probe its
# features (once per new path), and 8 s there would swamp the first pass.
printf '#!/bin/sh\ncase " $* " in *" -kernel "*) sleep 20 ;; esac\nexec %s "$@"\n' "$qemu" \
  > "$repo/hv.sh"
commit "hv.sh: sleep 20 s first"
slow=$(git -C "$repo" rev-parse HEAD)

# The marker on the kernel command line finds any qemu of ours left behind.
marker="bootperf_range_e2e_$$"
status=0
"$RANGE" --kind qemu --build true --hv hv.sh --boot-benchmark "$bb" \
  --passes 1 --max-passes 5 --warmup 0 --accel tcg --timeout 300 --append "$marker=1" \
  --alpha 0.2 --threshold 10 \
  --workdir "$tap_tmp/work" --json "$tap_tmp/r.json" --quiet \
  "$repo" "$base..HEAD" > "$tap_tmp/out" 2> "$tap_tmp/err" || status=$?
sed 's/^/# /' "$tap_tmp/out" "$tap_tmp/err"

ok_if "the run finds the change (exit 0)" test "$status" -eq 0
ok_if "both commits have four or five real boots (over 3 s each)" \
  jq -e '[.commits[] | select((.samples_ms | length) as $n | $n >= 4 and $n <= 5
                              and (.samples_ms | all(. > 3000)))] | length == 2' \
  "$tap_tmp/r.json"
ok_if "the sleep shows: the second commit is over 10 s slower" \
  jq -e '(.commits[1].summary.mean_ms - .commits[0].summary.mean_ms) > 10000' "$tap_tmp/r.json"
ok_if "boot-benchmark ran each commit's kept hv.sh" \
  grep -rq "artifacts/[0-9a-f]*/hv.sh" "$tap_tmp/work/logs"
ok_if "the change is named at the sleeping commit, confirmed" \
  grep -q "^Verdict: first change at ${slow:0:7}" "$tap_tmp/out"
ok_if "its interval lies beyond half the threshold" \
  grep -Eq "^	\+[0-9.]+% against its parent [0-9a-f]{7} \(85\.11% CI \+([5-9]|[1-9][0-9]+)\.[0-9]% \.\. \+[0-9.]+%, p=[0-9.]+, [45] paired passes\): confirmed$" "$tap_tmp/out"
ok_if "no qemu is left running" test -z "$(pgrep -f "$marker" || true)"
ok_if "the build tree stays for the next run, registered with the repository" \
  test "$(git -C "$repo" worktree list | wc -l)" -eq 2
done_testing
