#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# overhead.sh: boot-benchmark's own overhead against a plain
# `guestfish -a /dev/null run`, with the same settings, side by side.
#
# Runs PAIRS interleaved pairs (guestfish, then boot-benchmark --passes 1
# --warmup 0), each timed from outside as a whole process, so everything
# boot-benchmark adds (start-up, host facts, the KVM verdict lookup, reports)
# is counted.  Prints both means, their ratio, and a 95% interval of the ratio
# (delta method), so that a difference smaller than the noise is seen as such.
#
#   bench/overhead.sh [PAIRS] [ACCEL]     defaults: 5 tcg
# Run from a configured build tree (BUILDDIR, default: the current directory).
set -euo pipefail
pairs=${1:-5}
accel=${2:-tcg}
builddir=${BUILDDIR:-.}
bb="$builddir/boot-benchmark/boot-benchmark"
[ -x "$bb" ] || { echo "overhead.sh: $bb not found: run from the build tree or set BUILDDIR" >&2; exit 2; }
command -v guestfish >/dev/null || { echo "overhead.sh: guestfish not found (apt-get install libguestfs-tools)" >&2; exit 2; }
if [ "$accel" = tcg ]; then gf_env=(env LIBGUESTFS_BACKEND_SETTINGS=force_tcg); else gf_env=(env); fi

now_ms () { echo $(( $(date +%s%N) / 1000000 )); }

# One warm-up of each so that neither pays for a cold cache.
"${gf_env[@]}" guestfish -a /dev/null run
"$bb" --accel "$accel" --passes 1 --warmup 0 --quiet >/dev/null

gf=(); bb_ms=()
for i in $(seq 1 "$pairs"); do
  t=$(now_ms); "${gf_env[@]}" guestfish -a /dev/null run; gf+=($(( $(now_ms) - t )))
  t=$(now_ms); "$bb" --accel "$accel" --passes 1 --warmup 0 --quiet >/dev/null; bb_ms+=($(( $(now_ms) - t )))
  echo "pair $i/$pairs: guestfish ${gf[-1]} ms, boot-benchmark ${bb_ms[-1]} ms" >&2
done

printf '%s\n' "${gf[@]}" > /tmp/overhead-gf.$$
printf '%s\n' "${bb_ms[@]}" > /tmp/overhead-bb.$$
paste /tmp/overhead-gf.$$ /tmp/overhead-bb.$$ | awk -v accel="$accel" '
  { g[NR] = $1; b[NR] = $2; sg += $1; sb += $2 }
  END {
    n = NR; mg = sg / n; mb = sb / n
    for (i = 1; i <= n; i++) { vg += (g[i] - mg)^2; vb += (b[i] - mb)^2 }
    vg /= (n - 1); vb /= (n - 1)
    r = mb / mg
    # delta method: var(r) ~ r^2 (var_b/(n mb^2) + var_g/(n mg^2))
    se = r * sqrt(vb / (n * mb * mb) + vg / (n * mg * mg))
    printf "accel %s, %d interleaved pairs\n", accel, n
    printf "guestfish -a /dev/null run : %.1f ms ± %.1f ms\n", mg, sqrt(vg)
    printf "boot-benchmark, 1 pass     : %.1f ms ± %.1f ms\n", mb, sqrt(vb)
    printf "ratio boot-benchmark/guestfish: %.3f (95%% interval %.3f .. %.3f)\n", r, r - 1.96 * se, r + 1.96 * se
  }'
rm -f /tmp/overhead-gf.$$ /tmp/overhead-bb.$$
