#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-console-flood.sh: a guest console full of hostile bytes (megabytes, a
# line of 2 MiB, NUL bytes, invalid UTF-8, terminal escape sequences, an
# activity name made of them) is captured and shown safely: no control byte
# reaches the terminal from the timeline, the JSON is strict UTF-8 JSON, the
# SVG is XML, the capture keeps bounded lines and replays the same.
# First by --replay of a synthetic console log (fast), then with one real TCG
# boot whose stand-in hypervisor floods its stdout (the console libguestfs
# reads) before exec'ing qemu; skipped when BOOTPERF_SKIP_BOOT is set.
. "$top_srcdir/tests/tap.sh"

ba="$top_builddir/boot-analysis/boot-analysis"
log="$top_srcdir/tests/data/guestfish-verbose-debian12-tcg.log"
t=$tap_tmp
command -v python3 >/dev/null || skip_all "python3 is not installed"

# The flood: one 2 MiB line, then 20,000 short lines of hostile bytes, then
# a module whose name carries an OSC title escape, a bell and a byte that is
# not UTF-8.
{
  head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'A'
  printf '\n'
  for i in $(seq 20); do
    printf 'nul\0\0byte \033]0;pwned title\a\033[2J\033[31mred\377\376\xc3(\r\n'
  done > "$t/twenty"
  for i in $(seq 1000); do cat "$t/twenty"; done
  printf 'supermin: internal insmod evil\033]0;pwned\a\377.ko\n'
} > "$t/flood"

no_control_bytes () { ! LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]' "$1"; }
strict_json () { python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$1"; }
jsonl_ok () { # FILE MAX: every line is strict JSON; no message longer than MAX
  python3 - "$1" "$2" <<'PY'
import json, sys, base64
longest = 0
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    m = o.get("message")
    if m is None and "message_base64" in o:
        m = base64.b64decode(o["message_base64"])
    longest = max(longest, len(m or ""))
assert longest <= int(sys.argv[2]), longest
PY
}

# ---- replay of a flooded console log ------------------------------------------------
# The flood goes where a guest prints it: after the firmware, before the kernel.
n=$(grep -n 'Linux version' "$log" | head -n 1 | cut -d: -f1)
{ head -n $((n - 1)) "$log"; cat "$t/flood"; tail -n +"$n" "$log"; } > "$t/flood.log"
"$ba" --replay "$t/flood.log" --no-colour --top 0 --json "$t/r.json" --svg "$t/r.svg" \
  --save "$t/r.jsonl" > "$t/r.out" 2> "$t/r.err"
rc=$?
ok_if "replay of a flooded log exits 0" test "$rc" = 0
ok_if "replay: the timeline holds no control byte" no_control_bytes "$t/r.out"
ok_if "replay: the hostile module name is shown escaped" \
  grep -qF 'insmod evil\x1b]0;pwned\x07\xff' "$t/r.out"
ok_if "replay: the kernel's activities are still found" grep -q ' kernel ' "$t/r.out"
ok_if "replay: --json is strict UTF-8 JSON" strict_json "$t/r.json"
if [ -n "${XMLLINT:-}" ]; then
  ok_if "replay: --svg is well-formed XML" "$XMLLINT" --noout "$t/r.svg"
fi
ok_if "replay: --save is strict JSON Lines" jsonl_ok "$t/r.jsonl" 3000000
"$ba" --replay "$t/r.jsonl" --no-colour --top 0 > "$t/again.out" 2>&1
ok_if "replay: the saved capture replays to the same timeline" \
  bash -c "diff <(grep -v 'replay of' '$t/r.out') <(grep -v 'replay of' '$t/again.out') >/dev/null"

if [ -n "${BOOTPERF_SKIP_BOOT:-}" ]; then
  note "BOOTPERF_SKIP_BOOT is set: the flooding boot is skipped"
  done_testing
fi
qemu=/usr/bin/qemu-system-x86_64
[ -x "$qemu" ] || { note "qemu is not installed: boot skipped"; done_testing; }

# ---- a real boot whose console is flooded ------------------------------------------------
# libguestfs also runs the hypervisor to ask its version and devices: flood
# only the launch (the one with -kernel).
cat > "$t/hv.sh" <<EOF
#!/bin/sh
case " \$* " in *" -kernel "*) cat '$t/flood' ;; esac
exec $qemu "\$@"
EOF
chmod +x "$t/hv.sh"
marker="bootperf_flood_$$_$RANDOM"
LIBGUESTFS_HV="$t/hv.sh" \
  "$ba" --accel tcg --passes 1 --warmup 0 --quiet --no-colour --top 0 --append "$marker" \
  --json "$t/b.json" --save "$t/b.jsonl" > "$t/b.out" 2> "$t/b.err" &
pid=$!
# boot-analysis's own peak memory (qemu's is not its): VmHWM only grows.
hwm_kib=0
while kill -0 "$pid" 2>/dev/null; do
  h=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
  [ -n "$h" ] && hwm_kib=$h
  sleep 0.5
done
wait "$pid"; rc=$?
note "flooded boot: exit $rc, boot-analysis peak RSS $hwm_kib KiB; $(head -c 300 "$t/b.err")"
ok_if "flooded boot exits 0" test "$rc" = 0
ok_if "flooded boot: the timeline holds no control byte" no_control_bytes "$t/b.out"
ok_if "flooded boot: the hostile module name is shown escaped" \
  grep -qF 'insmod evil\x1b]0;pwned\x07\xff' "$t/b.out"
ok_if "flooded boot: --json is strict UTF-8 JSON" strict_json "$t/b.json"
ok_if "flooded boot: the capture's lines are at most 8 KiB and a note" \
  jsonl_ok "$t/b.jsonl" 8300
ok_if "flooded boot: the 2 MiB line was cut, saying so" \
  grep -q 'bootperf: [0-9]* more bytes cut' "$t/b.jsonl"
ok_if "flooded boot: memory stays bounded (peak RSS under 150 MiB)" \
  test "$hwm_kib" -gt 0 -a "$hwm_kib" -lt 153600
ok_if "flooded boot: no qemu left" sh -c '! pgrep -f "[q]emu-system.*$0" >/dev/null' "$marker"

done_testing
