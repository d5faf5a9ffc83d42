#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# range-debian-qemu.sh: boot-benchmark-range on a real QEMU tree, end to end.
#
# Makes a git repository from Debian's QEMU source package (the original
# source as the first commit, each patch of debian/patches/series as one
# commit, then one commit of ours that delays every machine's init by
# SLOW_MS, default 6000 ms), installs what x86_64-softmmu needs to build,
# and bisects the repository with real TCG boots of the libguestfs
# appliance.  It takes hours and runs by hand, never in CI.  As root.
#
#   bench/range-debian-qemu.sh [BUILDDIR]          every step below, in order
#   STEPS="repo deps" bench/range-debian-qemu.sh   only some: sources repo deps bisect
#
# Everything goes under $QEMU_BENCH_DIR (default /var/tmp/bootperf-debian-qemu):
# the source package, repo/, work/ (boot-benchmark-range's work directory,
# with its build tree, artifacts, logs and cache), ccache/ and bisect.out.
# Steps already done are not done again; remove the directory to start over.
# Run CPU-heavy steps under nice on a shared machine: nice -n 10 bench/...
set -euo pipefail
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
top_builddir=$(cd "${1:-.}" && pwd)
dir=${QEMU_BENCH_DIR:-/var/tmp/bootperf-debian-qemu}
steps=${STEPS:-sources repo deps bisect}
slow_ms=${SLOW_MS:-6000}
repo=$dir/repo
mkdir -p "$dir"

say () { printf '%s: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# A deb-src entry for each archive and suite apt already takes binaries from.
add_deb_src () {
  local list=/etc/apt/sources.list.d/bootperf-deb-src.sources f
  [ -f "$list" ] && return 0
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN { RS = ""; ORS = "\n\n" }
         /URIs:[^\n]*debian/ && /Types:[^\n]*deb/ && !/deb-src/ {
           sub(/Types:[^\n]*/, "Types: deb-src"); print }' "$f"
  done > "$list.tmp"
  if [ -f /etc/apt/sources.list ]; then
    sed -n 's/^deb \(.*debian.*\)$/deb-src \1/p' /etc/apt/sources.list >> "$list.tmp"
  fi
  [ -s "$list.tmp" ] || { say "no Debian archive in apt's sources"; exit 1; }
  mv "$list.tmp" "$list"
  apt-get -o DPkg::Lock::Timeout=600 update -q
}

step_sources () {
  if ls "$dir"/qemu_*.dsc > /dev/null 2>&1; then return 0; fi
  add_deb_src
  say "downloading Debian's QEMU source"
  (cd "$dir" && apt-get source --download-only qemu)
}

# git commit with a fixed identity, dated after the patch it holds.
commit () {
  git -C "$repo" add -A
  GIT_AUTHOR_NAME="Debian QEMU" GIT_AUTHOR_EMAIL=qemu@bench.invalid \
  GIT_COMMITTER_NAME=bootperf GIT_COMMITTER_EMAIL=bench@bootperf.invalid \
    git -C "$repo" commit -q --allow-empty -m "$1"
}

# Our own commit: every machine's init waits SLOW_MS.
slow_boot () {
  local f=$repo/hw/core/machine.c
  grep -q '^void machine_run_board_init' "$f"
  awk -v ms="$slow_ms" '
    { print }
    /^void machine_run_board_init/ { in_fn = 1 }
    in_fn && /^{/ {
      print "    /* bootperf benchmark: a known slowdown for the bisection to find. */"
      print "    g_usleep(" ms " * 1000);"
      in_fn = 0
    }' "$f" > "$f.tmp"
  mv "$f.tmp" "$f"
  grep -q "g_usleep($slow_ms \* 1000)" "$f"
}

step_repo () {
  if [ -d "$repo/.git" ]; then return 0; fi
  local orig debian
  orig=$(ls "$dir"/qemu_*.orig.tar.* | head -n 1)
  debian=$(ls "$dir"/qemu_*.debian.tar.* | head -n 1)
  say "making $repo from $(basename "$orig") and $(basename "$debian")"
  rm -rf "$repo.tmp" && mkdir -p "$repo.tmp/src" "$repo.tmp/debian"
  tar xf "$orig" -C "$repo.tmp/src" --strip-components=1
  tar xf "$debian" -C "$repo.tmp/debian" --strip-components=1
  mv "$repo.tmp/src" "$repo"
  git init -q "$repo"
  commit "QEMU $(cat "$repo/VERSION"): $(basename "$orig")"
  local p subject
  while read -r p _; do
    case $p in '' | '#'*) continue ;; esac
    patch -d "$repo" -p1 -s --no-backup-if-mismatch < "$repo.tmp/debian/patches/$p"
    subject=$(sed -n 's/^\(Subject\|Description\): *//p' "$repo.tmp/debian/patches/$p" | head -n 1)
    commit "debian/patches/$p${subject:+: $subject}"
  done < "$repo.tmp/debian/patches/series"
  slow_boot
  commit "machine: wait ${slow_ms} ms in machine_run_board_init (bootperf's known slowdown)"
  rm -rf "$repo.tmp"
  say "$(git -C "$repo" rev-list --count HEAD) commits in $repo"
}

# What --target-list=x86_64-softmmu needs, and ccache for the rebuilds.
step_deps () {
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends \
    ccache meson ninja-build pkg-config python3 libglib2.0-dev libpixman-1-dev \
    libfdt-dev zlib1g-dev libslirp-dev qemu-system-data seabios ipxe-qemu
}

# A PATH without bzip2: until Debian's skip-meson-pc-bios.diff (patch 24),
# pc-bios/meson.build unpacks the edk2 images whenever bzip2 is found, and
# the dfsg source has none, so configure would fail on 24 of the 40 commits.
# Without bzip2 it skips them, as that patch does (SeaBIOS boots x86).
make_path () {
  local p=$dir/path f
  [ -d "$p" ] && return 0
  mkdir -p "$p.tmp"
  for f in /usr/local/bin/* /usr/bin/* /bin/*; do
    [ -x "$f" ] && [ "$(basename "$f")" != bzip2 ] && ln -sf "$f" "$p.tmp/"
  done
  rm -rf "$p" && mv "$p.tmp" "$p"
}

# The build command: configure once (QEMU's configure wipes build/), then
# make, incremental from the previous commit in the tool's build tree.  The
# firmware comes from Debian's packages (the dfsg source ships none).
# ccache's compiler names stay first in PATH: every stable release changes
# VERSION, which config-host.h (included everywhere) carries, so without
# ccache the next commit recompiles nearly everything.
build_cmd="export PATH=/usr/lib/ccache:$dir/path; { test -f build/build.ninja || ./configure
 --target-list=x86_64-softmmu
 --firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu
 --with-git-submodules=ignore --disable-werror --disable-docs --disable-tools
 --disable-user --disable-install-blobs --without-default-features; } && make -j\$(nproc) qemu-system-x86_64"
build_cmd=$(printf '%s' "$build_cmd" | tr '\n' ' ')

step_bisect () {
  local range_bin=${RANGE_BIN:-$top_builddir/boot-benchmark-range/boot-benchmark-range}
  [ -x "$range_bin" ] || { say "build bootperf first (no $range_bin)"; exit 2; }
  export CCACHE_DIR=$dir/ccache
  make_path
  say "bisecting all $(git -C "$repo" rev-list --count HEAD) commits (log: $dir/bisect.out)"
  local t0
  t0=$(date +%s)
  set +e
  "$range_bin" --build "$build_cmd" --hv build/qemu-system-x86_64 \
    --accel tcg --threshold 10 --passes ${PASSES:-4} --max-passes ${MAX_PASSES:-16} \
    --alpha ${ALPHA:-0.05} --workdir "$dir/work" --json "$dir/bisect.json" \
    "$repo" HEAD 2>&1 | tee "$dir/bisect.out"
  local rc=${PIPESTATUS[0]}
  set -e
  say "bisect ended (exit $rc) after $(( $(date +%s) - t0 )) s"
  say "expected: $(git -C "$repo" log --format='%h %s' -n 1)"
}

for s in $steps; do
  case $s in
    sources) step_sources ;;
    repo) step_repo ;;
    deps) step_deps ;;
    bisect) step_bisect ;;
    print-build) make_path; printf '%s\n' "$build_cmd" ;;
    *) say "unknown step $s"; exit 2 ;;
  esac
done
