#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-kinds.sh: --kind qemu and --kind kernel with their default build
# commands, on synthetic repositories, with a stand-in boot-benchmark.
#   qemu:   a `configure` that insists on --target-list=x86_64-softmmu
#           --disable-download (which its --help offers) and writes
#           build/build.ninja and a Makefile that makes
#           build/qemu-system-x86_64 (a wrapper of the real qemu; from commit
#           3 on it sleeps 0.5 s when given -kernel).  No --build, no --hv:
#           the default build configures once, then only makes, and the
#           hypervisor found in the build tree is kept per commit.
#   kernel: a Makefile with olddefconfig (checks .config is --config FILE),
#           bzImage (the installed Debian kernel), modules, modules_install
#           (honours INSTALL_MOD_PATH) and kernelrelease.
# The stand-in takes boot-benchmark's options, checks what it was handed
# (LIBGUESTFS_HV, or SUPERMIN_* and LIBGUESTFS_CACHEDIR), times
# "$LIBGUESTFS_HV -kernel x -version" per pass (+1 s) and writes --json=FILE as
# boot-benchmark does.  No guest boots: a few seconds in all.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"
qemu=/usr/bin/qemu-system-x86_64
[ -x "$qemu" ] || skip_all "qemu-system-x86_64 is not installed"
command -v jq > /dev/null || skip_all "jq is not installed"
command -v make > /dev/null || skip_all "make is not installed"

export KINDS_LOG=$tap_tmp/kinds.log
: > "$KINDS_LOG"
commit () {
  git -C "$1" add -A
  git -C "$1" -c user.name=Test -c user.email=test@example.org commit -q -m "$2"
}

# The stand-in boot-benchmark.
bench=$tap_tmp/stand-in-boot-benchmark
cat > "$bench" <<'SCRIPT'
#!/bin/bash
# Fails (no JSON, exit 1) on anything it was not handed correctly.
set -eu
die () { echo "stand-in: $*"; echo "bad $*" >> "$KINDS_LOG"; exit 1; }
passes= json=
for a in "$@"; do
  case $a in
    --passes=*) passes=${a#--passes=} ;;
    --json=*) json=${a#--json=} ;;
    --warmup=* | --accel=* | --timeout=* | --memsize=* | --smp=* | --append=*) ;;
    *) die "unexpected argument $a" ;;
  esac
done
[ -n "$passes" ] && [ -n "$json" ] || die "no --passes or --json"
wt=$(pwd -P)
[ "$wt" = "$(cd "$BOOTPERF_ARTIFACTS" && pwd -P)" ] || die "not run in the artifacts"
[ -z "${BOOTPERF_WORKTREE:-}" ] || die "BOOTPERF_WORKTREE set for a benchmark"
if [ -n "${SUPERMIN_KERNEL:-}" ]; then
  # --kind kernel: the kernel built in this worktree, its modules installed
  # for the same release, a private appliance cache.
  [ "$SUPERMIN_KERNEL" = "$wt/bzImage" ] || die "SUPERMIN_KERNEL=$SUPERMIN_KERNEL"
  [ -f "$SUPERMIN_KERNEL" ] || die "no kernel at $SUPERMIN_KERNEL"
  v=${SUPERMIN_KERNEL_VERSION:-}
  [ -n "$v" ] || die "no SUPERMIN_KERNEL_VERSION"
  cmp -s "$SUPERMIN_KERNEL" "/boot/vmlinuz-$v" || die "bzImage is not vmlinuz-$v"
  case $SUPERMIN_MODULES in
    */artifacts/*/lib/modules/"$v") ;;
    *) die "SUPERMIN_MODULES=$SUPERMIN_MODULES" ;;
  esac
  [ -f "$SUPERMIN_MODULES/modules.dep" ] || die "no modules.dep in $SUPERMIN_MODULES"
  [ "$(cat "$SUPERMIN_MODULES/built-by")" = "$BOOTPERF_COMMIT" ] \
    || die "modules in $SUPERMIN_MODULES are not this commit's"
  [ "${LIBGUESTFS_CACHEDIR:-}" = "${SUPERMIN_MODULES%/lib/modules/*}/appliance" ] \
    || die "LIBGUESTFS_CACHEDIR=${LIBGUESTFS_CACHEDIR:-}"
  [ -d "$LIBGUESTFS_CACHEDIR" ] || die "no directory $LIBGUESTFS_CACHEDIR"
  [ -z "${LIBGUESTFS_HV:-}" ] || die "LIBGUESTFS_HV set for a kernel"
  echo "kernel $BOOTPERF_COMMIT $SUPERMIN_KERNEL_VERSION $LIBGUESTFS_CACHEDIR" >> "$KINDS_LOG"
  ms() { cat "$wt/boot_ms"; }
else
  # --kind qemu: the hypervisor found in this worktree's build tree.
  [ "${LIBGUESTFS_HV:-}" = "$wt/qemu-system-x86_64" ] || die "LIBGUESTFS_HV=${LIBGUESTFS_HV:-}"
  [ -x "$LIBGUESTFS_HV" ] || die "$LIBGUESTFS_HV is not executable"
  echo "hv $BOOTPERF_COMMIT $LIBGUESTFS_HV" >> "$KINDS_LOG"
  ms() {
    local t0 t1
    t0=$(date +%s%N)
    "$LIBGUESTFS_HV" -kernel /nonexistent -version > /dev/null || die "$LIBGUESTFS_HV failed"
    t1=$(date +%s%N)
    # On top of a second, as a boot would take: tens of ms of noise in
    # running the wrapper stay small against the 0.5 s sleep.
    echo $(( 1000 + (t1 - t0) / 1000000 ))
  }
fi
{
  printf '{"tool":"boot-benchmark","complete":true,"passes":['
  for i in $(seq 1 "$passes"); do
    [ "$i" -eq 1 ] || printf ,
    printf '{"pass":%d,"wall_ms":%s.%d,"status":"ok","error":null}' "$i" "$(ms)" "$i"
  done
  printf ']}\n'
} > "$json"
SCRIPT
chmod +x "$bench"

# --- --kind qemu with the default build -----------------------------------
qrepo=$tap_tmp/qemu
git init -q "$qrepo"
cat > "$qrepo/configure" <<'SCRIPT'
#!/bin/sh
# Like QEMU's: writes build/ and the Makefile; only the x86_64 system
# target is wanted, downloads are not.
[ "$*" = --help ] && { echo "  --disable-download   no download of subprojects"; exit 0; }
[ "$#" -eq 2 ] && [ "$1" = "--target-list=x86_64-softmmu" ] && [ "$2" = --disable-download ] || {
  echo "configure: unexpected arguments: $*" >&2; exit 1; }
echo "configure $BOOTPERF_COMMIT $*" >> "$KINDS_LOG"
mkdir -p build && touch build/build.ninja
cat > Makefile <<'MAKEFILE'
build/qemu-system-x86_64: qemu-wrapper.sh
	mkdir -p build
	echo "make $$BOOTPERF_COMMIT" >> "$$KINDS_LOG"
	cp qemu-wrapper.sh $@
	chmod +x $@
MAKEFILE
SCRIPT
chmod +x "$qrepo/configure"
printf '#!/bin/sh\nexec %s "$@"\n' "$qemu" > "$qrepo/qemu-wrapper.sh"
commit "$qrepo" "q0: configure, Makefile, wrapper"
for k in 1 2; do echo "$k" > "$qrepo/counter"; commit "$qrepo" "q$k: nothing"; done
printf '#!/bin/sh\ncase " $* " in *" -kernel "*) sleep 0.5 ;; esac\nexec %s "$@"\n' \
  "$qemu" > "$qrepo/qemu-wrapper.sh"
commit "$qrepo" "q3: sleep 0.5 s before a boot"
slow=$(git -C "$qrepo" rev-parse HEAD)
for k in 4 5; do echo "$k" > "$qrepo/counter"; commit "$qrepo" "q$k: nothing"; done

status=0
"$RANGE" --boot-benchmark "$bench" --passes 5 --warmup 0 --accel tcg --threshold 10 \
  --workdir "$tap_tmp/qwork" --json "$tap_tmp/q.json" --quiet \
  "$qrepo" "$(git -C "$qrepo" rev-list --max-parents=0 HEAD)..HEAD" \
  > "$tap_tmp/out" 2> "$tap_tmp/err" || status=$?
sed 's/^/# /' "$tap_tmp/out" "$tap_tmp/err"
grep -v '^bad ' "$KINDS_LOG" | sed 's/^/# log: /'
grep '^bad ' "$KINDS_LOG" | sed 's/^/# stand-in complained: /'
ok_if "qemu: the run finds a change (exit 0)" test "$status" -eq 0
ok_if "qemu: the default build ran ./configure --target-list=x86_64-softmmu --disable-download" \
  grep -q "^configure [0-9a-f]* --target-list=x86_64-softmmu --disable-download\$" "$KINDS_LOG"
ok_if "qemu: configure ran once, in the first build of the build tree" \
  test "$(grep -c '^configure ' "$KINDS_LOG")" -eq 1
# The bisection builds q1, q5, q3, q2: q3's wrapper is q5's, so the commit
# built before it left nothing for make to do.
ok_if "qemu: later builds only ran make, which remade the hypervisor only when it changed" \
  test "$(grep -c '^make ' "$KINDS_LOG")" -eq 3 -a "$(grep -c "^make $slow" "$KINDS_LOG")" -eq 0 \
    -a "$(grep -c '^Built ' "$tap_tmp/out")" -eq 4
ok_if "qemu: each build's time is printed, incremental from the commit built before" \
  test "$(grep -c '^Built [0-9a-f]* q[0-9]: .* in [0-9.]*s (incremental from [0-9a-f]\{7\}; log: ' "$tap_tmp/out")" -ge 2
ok_if "qemu: the kept hypervisor was handed over as LIBGUESTFS_HV" \
  grep -q "^hv [0-9a-f]* $tap_tmp/qwork/artifacts/[0-9a-f]*/qemu-system-x86_64\$" "$KINDS_LOG"
ok_if "qemu: the stand-in never complained" test -z "$(grep '^bad ' "$KINDS_LOG")"
ok_if "qemu: bisect names the commit that sleeps" \
  grep -q "^Verdict: first change at ${slow:0:7} q3: sleep" "$tap_tmp/out"
first=$(git -C "$qrepo" log --format=%H --grep='^q1:' -n 1)
ok_if "qemu: the first build log holds make's work, the q3's none" \
  sh -c 'grep -q "cp qemu-wrapper.sh build/qemu-system-x86_64" "$0" && grep -q "is up to date" "$1"' \
    "$tap_tmp/qwork/logs/${first:0:7}/build.log" "$tap_tmp/qwork/logs/${slow:0:7}/build.log"

# --- --kind kernel with the default build ---------------------------------
kver=$(ls /boot/vmlinuz-* 2> /dev/null | sed 's|^/boot/vmlinuz-||' | sort -V | tail -n 1)
if [ -z "$kver" ] || [ ! -r "/boot/vmlinuz-$kver" ] || [ ! -f "/lib/modules/$kver/modules.dep" ]; then
  note "no readable /boot/vmlinuz-* with modules: kernel part skipped"
  done_testing
fi
note "kernel: $kver"
krepo=$tap_tmp/kernel
git init -q "$krepo"
# A kernel tree in miniature; the modules are a token few files, not 400 MB.
cat > "$krepo/Makefile" <<MAKEFILE
KVER := $kver
.PHONY: olddefconfig bzImage modules modules_install kernelrelease
olddefconfig:
	grep -qx CONFIG_BOOTPERF_TEST_CONFIG=y .config
	echo "olddefconfig \$\$BOOTPERF_COMMIT" >> "\$\$KINDS_LOG"
bzImage:
	mkdir -p arch/x86/boot
	if test -e NO_BZIMAGE; then rm -f arch/x86/boot/bzImage; else cp /boot/vmlinuz-\$(KVER) arch/x86/boot/bzImage; fi
modules:
	echo "modules \$\$BOOTPERF_COMMIT" >> "\$\$KINDS_LOG"
modules_install:
	test -n "\$(INSTALL_MOD_PATH)"
	test -f arch/x86/boot/bzImage
	mkdir -p \$(INSTALL_MOD_PATH)/lib/modules/\$(KVER)
	cp /lib/modules/\$(KVER)/modules.dep \$(INSTALL_MOD_PATH)/lib/modules/\$(KVER)/
	echo "\$\$BOOTPERF_COMMIT" > \$(INSTALL_MOD_PATH)/lib/modules/\$(KVER)/built-by
	cp boot_ms \$(INSTALL_MOD_PATH)/
	echo "modules_install \$\$BOOTPERF_COMMIT \$(INSTALL_MOD_PATH)" >> "\$\$KINDS_LOG"
kernelrelease:
	@echo \$(KVER)
MAKEFILE
echo 1000 > "$krepo/boot_ms"
commit "$krepo" "k0: a kernel tree"
for k in 1 2 3 4; do
  [ "$k" -eq 3 ] && echo 3000 > "$krepo/boot_ms"
  echo "$k" > "$krepo/counter"
  commit "$krepo" "k$k: boot takes $(cat "$krepo/boot_ms")ms"
done
kslow=$(git -C "$krepo" log --format=%H --grep='^k3:' -n 1)
touch "$krepo/NO_BZIMAGE"
commit "$krepo" "k5: the build makes no bzImage"
kbroken=$(git -C "$krepo" rev-parse HEAD)
printf 'CONFIG_BOOTPERF_TEST_CONFIG=y\n' > "$tap_tmp/test.config"

status=0
"$RANGE" --kind kernel --workdir "$tap_tmp/kwork" --quiet "$krepo" HEAD \
  > /dev/null 2> "$tap_tmp/err" || status=$?
ok_if "kernel: the default build without --config is a usage error (exit 2)" \
  test "$status" -eq 2 -a "$(cat "$tap_tmp/err")" = "boot-benchmark-range: error: --kind kernel needs --config FILE, e.g. /boot/config-\$(uname -r), or a --build CMD that configures the kernel itself"

: > "$KINDS_LOG"
status=0
# Relative paths for --config and --boot-benchmark: both are taken from the
# current directory, not from the worktree the benchmark runs in.
(cd "$tap_tmp" && "$RANGE" --kind kernel --config test.config \
  --boot-benchmark ./stand-in-boot-benchmark \
  --passes 3 --warmup 0 --accel tcg --workdir kwork --quiet \
  "$krepo" "$(git -C "$krepo" rev-list --max-parents=0 HEAD)..HEAD") \
  > "$tap_tmp/out" 2> "$tap_tmp/err" || status=$?
sed 's/^/# /' "$tap_tmp/out" "$tap_tmp/err"
grep -v '^bad ' "$KINDS_LOG" | sed 's/^/# log: /'
grep '^bad ' "$KINDS_LOG" | sed 's/^/# stand-in complained: /'
ok_if "kernel: the run finds a change (exit 0)" test "$status" -eq 0
ok_if "kernel: olddefconfig saw --config FILE as .config" grep -q '^olddefconfig ' "$KINDS_LOG"
ok_if "kernel: the default build made the modules" grep -q '^modules ' "$KINDS_LOG"
ok_if "kernel: modules_install went into WORKDIR/artifacts/<commit>" \
  grep -q "^modules_install [0-9a-f]* $tap_tmp/kwork/artifacts/[0-9a-f]*\$" "$KINDS_LOG"
ok_if "kernel: SUPERMIN_* and LIBGUESTFS_CACHEDIR were handed over consistently" \
  grep -q "^kernel [0-9a-f]* $kver $tap_tmp/kwork/artifacts/[0-9a-f]*/appliance\$" "$KINDS_LOG"
ok_if "kernel: the stand-in never complained" test -z "$(grep '^bad ' "$KINDS_LOG")"
ok_if "kernel: each commit has its own appliance cache" \
  test "$(grep '^kernel ' "$KINDS_LOG" | awk '{print $4}' | sort -u | wc -l)" \
       -eq "$(grep '^kernel ' "$KINDS_LOG" | awk '{print $2}' | sort -u | wc -l)"
ok_if "kernel: bisect names the slow commit" \
  grep -q "^Verdict: first change at ${kslow:0:7} k3:" "$tap_tmp/out"
ok_if "kernel: a commit whose build makes no bzImage is skipped, naming its log" \
  sh -c "grep -A1 '^${kbroken:0:7} ' '$tap_tmp/out' | grep -qF 'skipped: its build left no artifacts: installing the kernel failed with exit status 1 (log: $tap_tmp/kwork/logs/${kbroken:0:7}/build.log)'"
ok_if "kernel: that log says what is missing" \
  grep -q "^boot-benchmark-range: the build made no arch/x86/boot/bzImage\$" \
  "$tap_tmp/kwork/logs/${kbroken:0:7}/build.log"
ok_if "kernel: the failed commit has no complete artifacts" \
  test ! -e "$tap_tmp/kwork/artifacts/${kbroken:0:12}/COMPLETE"
ok_if "kernel: every measured commit keeps its kernel, modules and appliance" \
  test "$(ls "$tap_tmp/kwork/artifacts"/*/COMPLETE | wc -l)" -eq "$(grep '^kernel ' "$KINDS_LOG" | awk '{print $2}' | sort -u | wc -l)" \
    -a "$(ls -d "$tap_tmp/kwork/artifacts"/*/bzImage "$tap_tmp/kwork/artifacts"/*/appliance | wc -l)" -ge 4
done_testing
