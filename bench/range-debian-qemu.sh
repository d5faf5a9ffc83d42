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
#   STEPS=adjacent bench/...   the first two commits only (7.2.0, then v7.2.1,
#       which changes VERSION): each one's build time, then a few boots each
#   STEPS=slow-pair bench/...  our slow-down commit put on v7.2.1 too (branch
#       slow-on-v7.2.1) and bisected against v7.2.1: one small incremental
#       build and real boots that must name it (after adjacent, built v7.2.1)
#   STEPS=tail bench/...       the commits from the last stable release
#       (the last commit that changes VERSION) to the end, bisected: the
#       range where our slow-down is the only change QEMU's own history
#       does not already hold (the whole range also holds v7.2.x's own)
#
# Everything goes under $QEMU_BENCH_DIR (default /var/tmp/bootperf-debian-qemu):
# the source package, repo/, work/ (boot-benchmark-range's work directory,
# with its build tree, artifacts, logs and cache), ccache/ and bisect.out.
# Steps already done are not done again; remove the directory to start over.
# Run CPU-heavy steps under nice on a shared machine: nice -n 10 bench/...
set -euo pipefail
top_builddir=$(cd "${1:-.}" && pwd)
dir=${QEMU_BENCH_DIR:-/var/tmp/bootperf-debian-qemu}
steps=${STEPS:-sources repo deps bisect}
range_rc=0
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

# run_range NAME RANGE [OPTION...]: the tool over RANGE of the repository,
# its output in $dir/NAME.out and NAME.json; ccache counters before and
# after in NAME.ccache.
run_range () {
  local name=$1 range=$2; shift 2
  local range_bin=${RANGE_BIN:-$top_builddir/boot-benchmark-range/boot-benchmark-range}
  [ -x "$range_bin" ] || { say "build bootperf first (no $range_bin)"; exit 2; }
  export CCACHE_DIR=$dir/ccache
  make_path
  say "$name: $(git -C "$repo" rev-list --count "$range") commits (log: $dir/$name.out)"
  ccache --print-stats > "$dir/$name.ccache" 2>&1 || :
  local t0
  t0=$(date +%s)
  set +e
  "$range_bin" --build "$build_cmd" --hv build/qemu-system-x86_64 \
    --accel tcg --threshold 10 --alpha ${ALPHA:-0.05} --workdir "$dir/work" \
    --json "$dir/$name.json" "$@" "$repo" "$range" 2>&1 | tee "$dir/$name.out"
  range_rc=${PIPESTATUS[0]}
  set -e
  echo "after:" >> "$dir/$name.ccache"
  ccache --print-stats >> "$dir/$name.ccache" 2>&1 || :
  say "$name ended (exit $range_rc) after $(( $(date +%s) - t0 )) s"
}

step_bisect () {
  run_range bisect HEAD --passes ${PASSES:-4} --max-passes ${MAX_PASSES:-16}
  say "expected: $(git -C "$repo" log --format='%h %s' -n 1)"
}

# From the last commit that changes VERSION (v7.2.22) to the end.
step_tail () {
  local last
  last=$(git -C "$repo" log --format=%H -n 1 HEAD -- VERSION)
  run_range tail "$last^..HEAD" --passes ${PASSES:-4} --max-passes ${MAX_PASSES:-16}
  say "expected: $(git -C "$repo" log --format='%h %s' -n 1)"
}

# The first two commits: 7.2.0 (the first build) and v7.2.1 (VERSION and 49
# other files changed), swept: a build each, then paired boots.
step_adjacent () {
  run_range adjacent "$(git -C "$repo" rev-list --reverse HEAD | sed -n 2p)" --sweep \
    --passes ${PASSES:-2} --max-passes ${MAX_PASSES:-6}
}

# Our slow-down commit on top of v7.2.1, then v7.2.1 against it.
step_slow_pair () {
  local v1 slow
  v1=$(git -C "$repo" rev-list --reverse HEAD | sed -n 2p)
  slow=$(git -C "$repo" rev-parse HEAD)
  if ! git -C "$repo" rev-parse -q --verify slow-on-v7.2.1 > /dev/null; then
    local idx tree c
    idx=$(mktemp) && rm -f "$idx"
    GIT_INDEX_FILE=$idx git -C "$repo" read-tree "$v1"
    git -C "$repo" diff "$slow^" "$slow" | GIT_INDEX_FILE=$idx git -C "$repo" apply --cached
    tree=$(GIT_INDEX_FILE=$idx git -C "$repo" write-tree)
    rm -f "$idx"
    c=$(GIT_AUTHOR_NAME="Debian QEMU" GIT_AUTHOR_EMAIL=qemu@bench.invalid \
        GIT_COMMITTER_NAME=bootperf GIT_COMMITTER_EMAIL=bench@bootperf.invalid \
        git -C "$repo" commit-tree "$tree" -p "$v1" \
        -m "machine: wait ${slow_ms} ms in machine_run_board_init (bootperf's known slowdown, on v7.2.1)")
    git -C "$repo" branch slow-on-v7.2.1 "$c"
  fi
  run_range slow-pair "$v1^..slow-on-v7.2.1" --passes ${PASSES:-3} --max-passes ${MAX_PASSES:-12}
  say "expected: $(git -C "$repo" log --format='%h %s' -n 1 slow-on-v7.2.1)"
}

for s in $steps; do
  case $s in
    sources) step_sources ;;
    repo) step_repo ;;
    deps) step_deps ;;
    bisect) step_bisect ;;
    adjacent) step_adjacent ;;
    slow-pair) step_slow_pair ;;
    tail) step_tail ;;
    print-build) make_path; printf '%s\n' "$build_cmd" ;;
    *) say "unknown step $s"; exit 2 ;;
  esac
done
exit "$range_rc"
