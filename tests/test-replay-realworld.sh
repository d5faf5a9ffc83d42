#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test-replay-realworld.sh: boot-analysis --replay of the real console logs
# in tests/data/realworld: each log, saved with --save, replays to the same
# analysis; the rules a log picks are said; --rules overrides; --ready works
# with --replay; no activity of a log without stamps reads 0.0 ms; a panic
# is reported with its line and time.
. "$top_srcdir/tests/tap.sh"

ba="$top_builddir/boot-analysis/boot-analysis"
rw="$top_srcdir/tests/data/realworld"
t=$tap_tmp

for log in "$rw"/*.log "$top_srcdir/tests/data/guestfish-verbose-debian12-tcg.log"; do
  name=$(basename "$log" .log)
  "$ba" --replay "$log" --no-colour --json "$t/$name.json" --save "$t/$name.jsonl" \
    > "$t/$name.txt" 2> "$t/$name.err"
  ok_if "$name: replays (exit 0)" test $? -eq 0
  "$ba" --replay "$t/$name.jsonl" --no-colour --json "$t/$name.again.json" \
    > "$t/$name.again.txt" 2>&1
  ok_if "$name: saved, replays to the same report" \
    sh -c "diff '$t/$name.txt' '$t/$name.again.txt' | grep '^[<>]' | grep -qv 'replay of' && exit 1 || exit 0"
  ok_if "$name: saved, the same JSON activities" \
    sh -c "python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))[\"activities\"]; b=json.load(open(sys.argv[2]))[\"activities\"]; sys.exit(a!=b)' '$t/$name.json' '$t/$name.again.json'"
  ok_if "$name: no activity reads 0.0ms without a clock" \
    sh -c "! grep -E ' (no clock|failed, not timed).*[0-9]ms' '$t/$name.txt'"
done

ok_if "a dmesg gets the direct-kernel rules, and says why" \
  grep -q 'rules .*direct-kernel.rules (no libguestfs, supermin or guestfsd line)' \
  "$t/tinycore14-x86_64-vmware-kernel-6.1-dmesg.txt"
ok_if "a libguestfs log gets the appliance's rules, and says why" \
  grep -q 'rules .*activities.rules (libguestfs, supermin or guestfsd lines seen)' \
  "$t/fedora42-libguestfs-1.56-virt-sysprep-libvirt-kvm-kernel-6.18.txt"
ok_if "--rules overrides the pick" \
  sh -c "'$ba' --replay '$rw/tinycore14-x86_64-vmware-kernel-6.1-dmesg.log' \
    --rules '$top_srcdir/data/activities.rules' | head -n 1 | grep -q 'activities.rules (given with --rules)'"
ok_if "libvirt: no qemu launch seen, said" \
  grep -q '^  qemu: .*no qemu launch was seen' \
  "$t/fedora42-libguestfs-1.56-virt-sysprep-libvirt-kvm-kernel-6.18.txt"
"$ba" --replay "$rw/fedora42-libguestfs-1.56-virt-sysprep-libvirt-kvm-kernel-6.18.log" \
  --svg "$t/f42.svg" > /dev/null 2>&1
ok_if "libvirt: the SVG marks activities without a clock" \
  sh -c "grep -q 'stroke-dasharray' '$t/f42.svg' && grep -q 'guestfsd <tspan[^>]*>no clock<' '$t/f42.svg'"
ok_if "libvirt: guestfsd has no clock (text)" \
  grep -q '^  guestfsd no clock$' "$t/fedora42-libguestfs-1.56-virt-sysprep-libvirt-kvm-kernel-6.18.txt"
ok_if "1.32: a module that did not load is not timed" \
  grep -q '^  insmod wmi failed, not timed$' "$t/ubuntu1604-libguestfs-1.32-guestfish-tcg-kernel-4.4.txt"
ok_if "1.32: libguestfs's own stamps time the appliance build" \
  grep -q '^  supermin:build 2850.0ms .*{libguestfs stamps}' \
  "$t/ubuntu1604-libguestfs-1.32-guestfish-tcg-kernel-4.4.txt"
ok_if "panic: reported with its line and time, ending the pass" \
  grep -q '^  pass 0: 8037.0ms: kernel panic: Kernel panic - not syncing: Attempted to kill init.*\[the pass ended with it\]' \
  "$t/fedora36-ovmf-systemd-boot-kernel-5.19-panic-serial.txt"
ok_if "debian12: initcalls timed by the kernel, console gap beside" \
  grep -q '^  initcall .*{kernel.s own; console gap [0-9.]*ms}' \
  "$t/guestfish-verbose-debian12-tcg.txt"

# --ready with --replay: userspace ends at the first line that matches.
nix="$rw/nixos-24.11-arm64-bpi-r4-uboot-kernel-6.9-serial.log"
ok_if "--ready with --replay times userspace" \
  sh -c "'$ba' --replay '$nix' --ready 'systemd\\[1\\]: Inserted module' | grep -q '^  userspace [0-9.]*ms'"
ok_if "without --ready, userspace is listed as unmatched, saying why" \
  sh -c "'$ba' --replay '$nix' | grep -q '^  userspace: .*--ready REGEX'"
"$ba" --replay "$nix" --ready '(' > "$t/out" 2> "$t/err"
ok_if "a bad --ready regex exits 2 with one line" \
  sh -c "test $? -eq 2 && test \$(wc -l < '$t/err') -eq 1 && grep -q 'ready' '$t/err'"
ok_if "--replay refuses --kernel's other options" \
  sh -c "'$ba' --replay '$nix' --machine q35 >/dev/null 2>&1; test \$? -eq 2"

# No stamps at all: nothing timed, said once; not 0.0ms a thousand times.
sed -E 's/\[ *[0-9]+\.[0-9]+\] ?//' "$top_srcdir/tests/data/guestfish-verbose-debian12-tcg.log" \
  | grep -v 'initcall\|calling\|uptime' > "$t/nostamps.log"
"$ba" --replay "$t/nostamps.log" --no-colour > "$t/nostamps.txt" 2>&1
ok_if "no stamps: exit 0" test $? -eq 0
ok_if "no stamps: no activity shows a time" \
  sh -c "sed -n '/^Longest/,/^Host/p' '$t/nostamps.txt' | grep -q ' no clock\$' && ! sed -n '/^Longest/,/^Host/p' '$t/nostamps.txt' | grep -qE '[0-9]ms'"
ok_if "no stamps: said once" \
  sh -c "grep -c 'nothing in it can be timed' '$t/nostamps.txt' | grep -qx 1"
done_testing
