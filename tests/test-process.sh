#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-process.sh: nothing the tools start outlives them (common/process.c).
#   - boot-benchmark --kernel killed with SIGKILL: its qemu (a stand-in that
#     sleeps, and what that stand-in started) dies too;
#   - boot-benchmark-range killed with SIGKILL during a benchmark: the
#     benchmark's process group dies too, and a run started at once on the
#     same work directory waits for that instead of overlapping it;
#   - two range runs on one work directory: the second refuses, naming the
#     first (pid, start time);
#   - a range benchmark that hangs is stopped by --bench-timeout;
#   - an appliance pass ended by --timeout or Ctrl-C leaves no
#     /tmp/libguestfsXXXXXX directory (qemu is a stand-in that never boots,
#     so no real boot, but libguestfs and its appliance are needed).
# Waits poll with deadlines: nothing here depends on how fast the host is.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"

bb="$top_builddir/boot-benchmark/boot-benchmark"
t=$tap_tmp
[ -x "$bb" ] && [ -x "$RANGE" ] || skip_all "tools not built"
command -v flock >/dev/null || skip_all "flock (util-linux) is not installed"

wait_for () { # SECONDS COMMAND...: poll until COMMAND succeeds
  local end=$(( $(date +%s) + $1 )); shift
  until "$@"; do [ "$(date +%s)" -lt "$end" ] || return 1; sleep 0.1; done
}
alive () { kill -0 "$1" 2>/dev/null; }
all_gone () { # PIDFILE...: every pid named is gone
  local f; for f in "$@"; do alive "$(cat "$f")" && return 1; done; return 0; }
files_exist () { local f; for f in "$@"; do [ -s "$f" ] || return 1; done; }
# Anything a failed test left behind goes at exit: every process recorded,
# with its process group.
cleanup () {
  local p g
  for p in $(cat "$t"/*.pid "$t"/*.pids 2>/dev/null); do
    # Only ours: a pid long gone may name someone else's process by now.
    tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF "$t" || continue
    g=$(ps -o pgid= -p "$p" 2>/dev/null | tr -d ' ')
    [ -n "$g" ] && /usr/bin/kill -KILL -- "-$g" 2>/dev/null
    kill -KILL "$p" 2>/dev/null
  done
  rm -rf "$tap_tmp"
}
trap cleanup EXIT

# ---- boot-benchmark --kernel killed outright ---------------------------------------
# A stand-in qemu: answers -version, else records its pid and that of a child
# it starts (as a wrapper would), then sleeps.
cat >"$t/qemu" <<EOF
#!/bin/sh
case "\$1" in -version|--version) echo "QEMU emulator version 7.2.0"; exit 0 ;; esac
sleep 300 & echo \$! >"$t/qemu-child.pid"
echo \$\$ >"$t/qemu.pid"
wait
EOF
chmod +x "$t/qemu"
"$bb" --kernel /dev/null --qemu "$t/qemu" --accel tcg --passes 1 --warmup 0 --timeout 600 \
  --quiet >"$t/bb.out" 2>"$t/bb.err" &
bb_pid=$!
ok_if "direct mode: the stand-in qemu started" wait_for 60 files_exist "$t/qemu.pid" "$t/qemu-child.pid"
kill -KILL "$bb_pid"
wait "$bb_pid" 2>/dev/null
ok_if "direct mode, boot-benchmark SIGKILLed: its qemu dies too" \
  wait_for 30 all_gone "$t/qemu.pid"
ok_if "direct mode, boot-benchmark SIGKILLed: what qemu started dies too" \
  wait_for 30 all_gone "$t/qemu-child.pid"

# ---- boot-benchmark-range killed outright --------------------------------------------
repo="$t/repo"
range_make_repo "$repo" 3 0 1000 >/dev/null
first=$(range_sha "$repo" 0)
# A benchmark that ignores SIGTERM (as a stuck one might) and records its
# process group; the range tool's guard must end it with SIGKILL.
cat >"$t/bench" <<EOF
#!/bin/sh
trap '' TERM
echo \$\$ >>"$t/bench.pids"
while :; do sleep 1; done
EOF
chmod +x "$t/bench"
wd="$t/work"
"$RANGE" --kind custom --build true --benchmark "$t/bench" --workdir "$wd" -q \
  "$repo" "$first..HEAD" >"$t/r1.out" 2>"$t/r1.err" &
r1=$!
ok_if "range: the benchmark started" wait_for 60 files_exist "$t/bench.pids"
head -n 1 "$t/bench.pids" >"$t/bench.pid" # the first run's

# A second run on the same work directory, while the first is alive.
timeout -k 5 60 "$RANGE" --kind custom --build true --benchmark "$t/bench" --workdir "$wd" \
  -q "$repo" "$first..HEAD" >"$t/r2.out" 2>"$t/r2.err"
rc=$?
note "second run: exit $rc: $(cat "$t/r2.err")"
ok_if "range, same work directory: the second run exits 1" test "$rc" -eq 1
ok_if "range, same work directory: one line naming the first run's pid and start" \
  grep -Eq "^boot-benchmark-range: error: work directory $wd is in use by another boot-benchmark-range \\(pid $r1, started [0-9T:+-]+\\)" "$t/r2.err"
ok_if "range, same work directory: the first run's benchmark was left alone" \
  alive "$(cat "$t/bench.pid")"

kill -KILL "$r1"
wait "$r1" 2>/dev/null
# At once: the old benchmark is still being ended (it ignores SIGTERM for
# the 10 s grace), so the lock must still be held and say so.
timeout -k 5 60 "$RANGE" --kind custom --build true --benchmark "$t/bench" --workdir "$wd" \
  -q "$repo" "$first..HEAD" >"$t/r3.out" 2>"$t/r3.err"
rc=$?
note "run after SIGKILL: exit $rc: $(cat "$t/r3.err")"
if alive "$(cat "$t/bench.pid")"; then
  ok_if "range SIGKILLed: a new run does not overlap the old benchmark (exit 1)" test "$rc" -eq 1
  ok_if "range SIGKILLed: and says the old run's benchmark is being stopped" \
    grep -q "boot-benchmark-range pid $r1 .*since killed" "$t/r3.err"
else
  ok_if "range SIGKILLed: a new run does not overlap the old benchmark" false
fi
ok_if "range SIGKILLed: its benchmark's process group is ended" \
  wait_for 40 all_gone "$t/bench.pid"
lock_free () { flock -n "$wd/lock" true; }
ok_if "range SIGKILLed: the lock is free once the benchmark is gone" wait_for 20 lock_free

# ---- a hung benchmark and --bench-timeout ---------------------------------------------
runs_before=$(wc -l <"$t/bench.pids")
started_again () { [ "$(wc -l <"$t/bench.pids")" -gt "$runs_before" ]; }
start=$(date +%s)
timeout -k 5 120 "$RANGE" --kind custom --build true --benchmark "$t/bench" --workdir "$wd" \
  --bench-timeout 2 -q "$repo" "$first..HEAD" >"$t/r4.out" 2>"$t/r4.err"
rc=$?
took=$(( $(date +%s) - start ))
note "hung benchmark: exit $rc after ${took}s: $(cat "$t/r4.err")"
ok_if "--bench-timeout: the run ends with exit 1 (not killed by timeout(1))" test "$rc" -eq 1
ok_if "--bench-timeout: one line naming the limit and the log" \
  grep -Eq "^boot-benchmark-range: error: benchmark of [0-9a-f]+ gave no samples \\(stopped after the --bench-timeout of 2 s\\); log: " "$t/r4.err"
ok_if "--bench-timeout: the hung benchmark ran" started_again
sed -n "$((runs_before + 1))p" "$t/bench.pids" >"$t/bench.pid"
ok_if "--bench-timeout: the hung benchmark is gone" wait_for 20 all_gone "$t/bench.pid"
ok_if "--help documents --bench-timeout and its default" \
  sh -c '"$0" --help | grep -q -- "--bench-timeout.*default"' "$RANGE"

# ---- interrupted appliance passes leave no temporary directory ------------------------
# A stand-in hypervisor: libguestfs's feature queries go to the real qemu, the
# launch itself (-kernel) sleeps until killed.
real_qemu=/usr/bin/qemu-system-x86_64
if [ ! -x "$real_qemu" ]; then
  note "qemu is not installed: temporary directory tests skipped"
  done_testing
fi
cat >"$t/hv" <<EOF
#!/bin/sh
case " \$* " in
  *" -kernel "*) echo \$\$ >"$t/hv.pid"; exec sleep 300 ;;
  *) exec $real_qemu "\$@" ;;
esac
EOF
chmod +x "$t/hv"
mkdir "$t/tmp"
appliance_env="LIBGUESTFS_HV=$t/hv LIBGUESTFS_TMPDIR=$t/tmp LIBGUESTFS_CACHEDIR=${LIBGUESTFS_CACHEDIR:-/var/tmp}"
no_tmpdirs () { [ -z "$(ls -A "$t/tmp")" ]; }
for k in 1 2 3; do
  rm -f "$t/hv.pid"
  timeout -k 5 400 env $appliance_env "$bb" --accel tcg --passes 1 --warmup 0 --timeout 3 \
    --quiet >"$t/tmo.out" 2>"$t/tmo.err"
  rc=$?
  [ "$k" = 1 ] && note "timeout: exit $rc: $(cat "$t/tmo.err")"
  ok_if "appliance --timeout, trial $k: exit 1" test "$rc" -eq 1
  ok_if "appliance --timeout, trial $k: no libguestfs temporary directory left" no_tmpdirs
  ok_if "appliance --timeout, trial $k: the stand-in qemu is gone" all_gone "$t/hv.pid"
  rm -rf "$t/tmp"/*
done
for k in 1 2 3; do
  rm -f "$t/hv.pid"
  env $appliance_env "$bb" --accel tcg --passes 1 --warmup 0 --timeout 600 --quiet \
    >"$t/int.out" 2>"$t/int.err" &
  pid=$!
  if wait_for 300 files_exist "$t/hv.pid"; then
    kill -INT "$pid"
  fi
  wait "$pid"
  rc=$?
  ok_if "appliance Ctrl-C, trial $k: exit 130" test "$rc" -eq 130
  ok_if "appliance Ctrl-C, trial $k: no libguestfs temporary directory left" no_tmpdirs
  ok_if "appliance Ctrl-C, trial $k: the stand-in qemu is gone" all_gone "$t/hv.pid"
  rm -rf "$t/tmp"/*
done

done_testing
