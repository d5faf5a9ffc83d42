#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-e2e.sh: boot-benchmark-range over the real boot-benchmark under
# TCG.  A synthetic repository holds a stand-in hypervisor (hv.sh, which
# execs the real qemu); its second commit adds "sleep 8" before the exec, a
# change far above this machine's seconds of noise.  --build true, five
# rounds of one pass each, the order alternating (5 pairs: the fewest whose
# smallest p, 0.0625, is below --alpha 0.1), no warm-up: 10 real boots in
# all (about 4 minutes on a quiet host).  One pass a round keeps each pair a
# boot apart, so a host whose load swings between runs moves both sides.
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
printf '#!/bin/sh\ncase " $* " in *" -kernel "*) sleep 8 ;; esac\nexec %s "$@"\n' "$qemu" \
  > "$repo/hv.sh"
commit "hv.sh: sleep 8 s first"
slow=$(git -C "$repo" rev-parse HEAD)

# The marker on the kernel command line finds any qemu of ours left behind.
marker="bootperf_range_e2e_$$"
status=0
"$RANGE" --kind qemu --build true --hv hv.sh --boot-benchmark "$bb" \
  --passes 1 --max-passes 5 --warmup 0 --accel tcg --timeout 300 --append "$marker=1" \
  --alpha 0.1 --threshold 10 \
  --workdir "$tap_tmp/work" --json "$tap_tmp/r.json" --quiet \
  "$repo" "$base..HEAD" > "$tap_tmp/out" 2> "$tap_tmp/err" || status=$?
sed 's/^/# /' "$tap_tmp/out" "$tap_tmp/err"

# Five pairs reach a verdict only if all five agree: exit 4 (inconclusive)
# is an honest answer; anything else is a failure.
ok_if "the run completes (exit 0 or 4)" test "$status" -eq 0 -o "$status" -eq 4
ok_if "both commits have five real boots (over 3 s each)" \
  jq -e '[.commits[] | select(.samples_ms | length == 5 and all(. > 3000))] | length == 2' \
  "$tap_tmp/r.json"
ok_if "the sleep shows: the second commit is over 2 s slower" \
  jq -e '(.commits[1].summary.mean_ms - .commits[0].summary.mean_ms) > 2000' "$tap_tmp/r.json"
ok_if "boot-benchmark ran each commit's kept hv.sh" \
  grep -rq "artifacts/[0-9a-f]*/hv.sh" "$tap_tmp/work/logs"
if [ "$status" -eq 0 ]; then
  ok_if "the change is found at the sleeping commit" \
    grep -q "^Verdict: first change at ${slow:0:7}" "$tap_tmp/out"
fi
ok_if "no qemu is left running" test -z "$(pgrep -f "$marker" || true)"
ok_if "the build tree stays for the next run, registered with the repository" \
  test "$(git -C "$repo" worktree list | wc -l)" -eq 2
done_testing
