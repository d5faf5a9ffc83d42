# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-lib.sh: helpers for the boot-benchmark-range tests (sourced
# after tap.sh; not a test itself).
#   range_make_repo DIR N CHANGE_AT CHANGE_MS [BROKEN...]
#       a git repository of N + 1 commits (numbered 0..N; range 0..N has N) whose file boot_ms holds
#       1000 before commit CHANGE_AT and CHANGE_MS from it on (CHANGE_AT 0: no
#       change); commits listed in BROKEN carry a file BROKEN, which the
#       tests' build command ($RANGE_BUILD) fails on; a commit that builds
#       keeps boot_ms among its artifacts.  Fixed dates and
#       author make the commit ids, and so the noise, the same on every run.
#   range_commit_all DIR MESSAGE   commit everything in DIR
#   range_sha DIR K      the id of commit K
#   range_fake_bench     path of a --kind custom benchmark printing
#       $BOOTPERF_PASSES samples around boot_ms with FAKE_CV (default 0.06)
#       relative noise, seeded from the commit and $BOOTPERF_RUN; with
#       FAKE_JSON=1 it writes boot-benchmark's JSON to $BOOTPERF_JSON instead;
#       FAKE_SLEEP seconds of delay; one line "COMMIT RUN" per run appended
#       to $FAKE_LOG.
#   RANGE                the program under test
RANGE=$top_builddir/boot-benchmark-range/boot-benchmark-range
# The synthetic repositories' build: fails on BROKEN, keeps boot_ms.
RANGE_BUILD='test ! -e BROKEN && cp boot_ms "$BOOTPERF_ARTIFACTS/"'

range_make_repo () {
  local dir=$1 n=$2 change_at=$3 change_ms=$4; shift 4
  local k ms
  git init -q "$dir"
  for k in $(seq 0 "$n"); do
    ms=1000
    if [ "$change_at" -gt 0 ] && [ "$k" -ge "$change_at" ]; then ms=$change_ms; fi
    echo "$ms" > "$dir/boot_ms"
    echo "$k" > "$dir/counter"
    rm -f "$dir/BROKEN"
    case " $* " in *" $k "*) echo broken > "$dir/BROKEN" ;; esac
    git -C "$dir" add -A
    GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.org \
    GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.org \
    GIT_AUTHOR_DATE="2020-01-01T00:00:$(printf %02d $((k % 60)))Z" \
    GIT_COMMITTER_DATE="2020-01-01T00:00:$(printf %02d $((k % 60)))Z" \
      git -C "$dir" commit -q -m "commit $k: boot takes ${ms}ms"
  done
}

# range_commit_all DIR MESSAGE: commit everything in DIR.
range_commit_all () {
  git -C "$1" add -A
  git -C "$1" -c user.name=Test -c user.email=test@example.org commit -q -m "$2"
}

range_sha () {
  git -C "$1" log --format=%H --grep="^commit $2:" -n 1
}

range_fake_bench () {
  local f=$tap_tmp/fake-bench.sh
  if [ ! -f "$f" ]; then
    cat > "$f" <<'SCRIPT'
#!/bin/sh
# A stand-in boot benchmark: normal noise around the commit's boot_ms.
set -e
base=$(cat "$BOOTPERF_ARTIFACTS/boot_ms")
seed=$(printf '%d' "0x$(printf %s "$BOOTPERF_COMMIT" | cut -c1-7)")
seed=$(( (seed + BOOTPERF_RUN * 7919) % 2147483647 ))
echo "$BOOTPERF_COMMIT $BOOTPERF_RUN" >> "${FAKE_LOG:-/dev/null}"
if [ -n "${FAKE_SLEEP:-}" ]; then sleep "$FAKE_SLEEP"; fi
json=
if [ -n "${FAKE_JSON:-}" ]; then json=$BOOTPERF_JSON; fi
awk -v base="$base" -v n="$BOOTPERF_PASSES" -v seed="$seed" -v cv="${FAKE_CV:-0.06}" \
    -v json="$json" 'BEGIN {
  srand(seed)
  if (json != "") printf "{\"tool\":\"boot-benchmark\",\"complete\":true,\"passes\":[" > json
  for (i = 1; i <= n; i++) {
    u1 = rand(); u2 = rand(); if (u1 < 1e-12) u1 = 1e-12
    v = base * (1 + cv * sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2))
    if (json != "")
      printf "%s{\"pass\":%d,\"wall_ms\":%.1f,\"status\":\"ok\",\"error\":null}",
             (i > 1 ? "," : ""), i, v > json
    else
      printf "sample: %.1fms\n", v
  }
  if (json != "") printf "]}\n" > json
}'
SCRIPT
    chmod +x "$f"
  fi
  echo "$f"
}

# range_run_custom REPO RANGE ARGS...: the program with the test defaults;
# stdout, stderr and exit status in $tap_tmp/out, err and $range_status.
range_run_custom () {
  local repo=$1 range=$2; shift 2
  range_status=0
  "$RANGE" --kind custom --build "$RANGE_BUILD" --benchmark "$(range_fake_bench)" \
    --workdir "$tap_tmp/work" --quiet "$@" "$repo" "$range" \
    > "$tap_tmp/out" 2> "$tap_tmp/err" || range_status=$?
  sed 's/^/# /' "$tap_tmp/out" "$tap_tmp/err"
}

# range_commit_says SHA PATTERN: the measurement line under commit SHA in
# $tap_tmp/out matches PATTERN (grep -E).
range_commit_says () {
  grep -A1 "^${1:0:7} " "$tap_tmp/out" | tail -n 1 | grep -Eq "$2"
}
