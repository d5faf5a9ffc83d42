#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-kernel-e2e.sh: --kind kernel over the real boot-benchmark under
# TCG.  A synthetic kernel tree of two commits "builds" the installed Debian
# kernel (bzImage, with a line naming the commit appended, which the boot
# loader ignores) and installs its modules (hard links where possible) under
# INSTALL_MOD_PATH, with a marker file: supermin could not take either from
# /boot or /lib/modules.  boot-benchmark-range hands
# them to supermin through SUPERMIN_KERNEL, SUPERMIN_MODULES and
# SUPERMIN_KERNEL_VERSION with a private LIBGUESTFS_CACHEDIR per commit: the
# appliances must be built from them and boot.  2 commits x 2 passes, no
# warm-up: 4 real boots and 2 appliance builds (about 2 minutes); --alpha 0.5
# lets 2 pairs (smallest p 0.5) reach a verdict: the verdict is not the point.
# Each commit's artifacts (bzImage, modules, its private appliance cache) are
# kept in WORKDIR/artifacts/<commit>/, where the checks find them.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"
bb=$top_builddir/boot-benchmark/boot-benchmark
[ -z "${BOOTPERF_SKIP_BOOT:-}" ] || skip_all "real boots skipped: BOOTPERF_SKIP_BOOT is set"
[ -x /usr/bin/qemu-system-x86_64 ] || skip_all "qemu-system-x86_64 is not installed"
command -v supermin > /dev/null || skip_all "supermin is not installed"
command -v jq > /dev/null || skip_all "jq is not installed"
command -v make > /dev/null || skip_all "make is not installed"
"$bb" --version > /dev/null 2>&1 || skip_all "boot-benchmark is not built"
kver=$(ls /boot/vmlinuz-* 2> /dev/null | sed 's|^/boot/vmlinuz-||' | sort -V | tail -n 1)
[ -n "$kver" ] && [ -r "/boot/vmlinuz-$kver" ] && [ -f "/lib/modules/$kver/modules.dep" ] \
  || skip_all "no readable /boot/vmlinuz-* with its modules (linux-image-amd64)"
note "kernel: $kver"

repo=$tap_tmp/kernel
git init -q "$repo"
commit () {
  git -C "$repo" add -A
  git -C "$repo" -c user.name=Test -c user.email=test@example.org commit -q -m "$1"
}
cat > "$repo/Makefile" <<MAKEFILE
KVER := $kver
MODDIR := \$(INSTALL_MOD_PATH)/lib/modules/\$(KVER)
.PHONY: olddefconfig bzImage modules modules_install kernelrelease
olddefconfig:
	grep -qx CONFIG_BOOTPERF_TEST_CONFIG=y .config
bzImage:
	mkdir -p arch/x86/boot
	cp /boot/vmlinuz-\$(KVER) arch/x86/boot/bzImage
	printf '\\nbuilt by %s\\n' "\$\$BOOTPERF_COMMIT" >> arch/x86/boot/bzImage
modules:
modules_install:
	test -n "\$(INSTALL_MOD_PATH)"
	mkdir -p \$(INSTALL_MOD_PATH)/lib/modules
	cp -al /lib/modules/\$(KVER) \$(MODDIR) 2> /dev/null || cp -a /lib/modules/\$(KVER) \$(MODDIR)
	echo "\$\$BOOTPERF_COMMIT" > \$(MODDIR)/bootperf-built-by
kernelrelease:
	@echo \$(KVER)
MAKEFILE
commit "k0: a kernel tree"
echo 1 > "$repo/counter"
commit "k1: nothing changes"
printf 'CONFIG_BOOTPERF_TEST_CONFIG=y\n' > "$tap_tmp/test.config"

marker="bootperf_range_kernel_e2e_$$"
work=$tap_tmp/work
status=0
SECONDS=0
"$RANGE" --kind kernel --config "$tap_tmp/test.config" --boot-benchmark "$bb" \
  --passes 2 --max-passes 2 --warmup 0 --accel tcg --timeout 300 --append "$marker=1" \
  --alpha 0.5 --threshold 50 --workdir "$work" --json "$tap_tmp/r.json" --quiet \
  "$repo" HEAD > "$tap_tmp/out" 2> "$tap_tmp/err" || status=$?
note "boot-benchmark-range took ${SECONDS}s"
sed 's/^/# /' "$tap_tmp/out" "$tap_tmp/err"

# The two commits build the same kernel: no change (3), or inconclusive (4)
# on two samples each.
ok_if "the run completes (exit 3 or 4)" test "$status" -eq 3 -o "$status" -eq 4
ok_if "both commits have two real boots (over 3 s each)" \
  jq -e '[.commits[] | select(.samples_ms | length == 2 and all(. > 3000))] | length == 2' \
  "$tap_tmp/r.json"
for sha in $(git -C "$repo" rev-list HEAD); do
  short=${sha:0:7} dir=$work/artifacts/${sha:0:12}
  app=$(ls -d "$dir"/appliance/.guestfs-*/appliance.d 2> /dev/null | head -n 1)
  for j in "$work/logs/$short"/bench-*.json; do
    ok_if "$short: boot-benchmark's JSON says every pass is ok" \
      jq -e '.complete and ([.passes[] | select(.status != "ok")] | length == 0)' "$j"
  done
  ok_if "$short: supermin built an appliance in the private cache" \
    test -n "$app" -a -f "$app/root"
  # libguestfs has supermin copy the kernel (--copy-kernel).
  ok_if "$short: its kernel is the bzImage built for this commit" \
    sh -c "cmp -s '$app/kernel' '$dir/bzImage' && tail -n 1 '$app/kernel' | grep -qx 'built by $sha'"
  if command -v debugfs > /dev/null; then
    ok_if "$short: its root holds the modules installed for this commit" \
      sh -c "debugfs -R 'cat /lib/modules/$kver/bootperf-built-by' '$app/root' 2> /dev/null | grep -qx $sha"
  fi
done
ok_if "no qemu is left running" test -z "$(pgrep -f "$marker" || true)"
done_testing
