#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test-sequential-e2e.sh: boot-benchmark's sequential runs end to end, in
# direct kernel mode under TCG (the Debian kernel in /boot, the tiny init):
#  --precision: passes are added until the interval is narrow enough or
#    --max-passes; what the text says (passes run, reached or not, the
#    interval) agrees with the JSON, the exit status (0 reached, 4 not) and
#    the noise guard's line on stderr; every pass has its load average.
#  --compare: a configuration slowed by 8 s through a --qemu wrapper against
#    the plain one, in rounds of random order: "changed", slower, with an
#    interval above the threshold; the CSV holds each configuration once per
#    round; the JSON says decided, the verdict and the sequential plan.
# About 15 boots of 8-16 s each (~3 minutes); BOOTPERF_SKIP_BOOT skips them.
. "$top_srcdir/tests/tap.sh"

bb="$top_builddir/boot-benchmark/boot-benchmark"
[ -x "$bb" ] || skip_all "$bb not built"
command -v jq >/dev/null || skip_all "jq not installed"
[ -n "${BOOTPERF_SKIP_BOOT:-}" ] && skip_all "BOOTPERF_SKIP_BOOT set: boots skipped"
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] && [ -r "$kernel" ] || skip_all "no readable /boot/vmlinuz-*"
common="--kernel $kernel --accel tcg --warmup 0 --quiet"

run () {
  timeout -k 5 "${limit:-300}" "$@" >"$tap_tmp/out" 2>"$tap_tmp/err" </dev/null
  rc=$?
  note "boot-benchmark ... -> exit $rc"
  sed 's/^/#   stdout: /' "$tap_tmp/out" | grep -v '^#   stdout: *$' | head -40
  sed 's/^/#   stderr: /' "$tap_tmp/err" | head -5
}

# --- --precision ---------------------------------------------------------------
# 10% with 3 to 5 passes: reached or not depends on this host's noise; either
# way every output must tell the same story.
run "$bb" $common --precision 10 --passes 3 --max-passes 5 \
  --json "$tap_tmp/p.json" --csv "$tap_tmp/p.csv"
ok_if "--precision: exit 0 (reached) or 4 (not reached)" [ "$rc" -eq 0 -o "$rc" -eq 4 ]
n=$(jq '.passes | length' "$tap_tmp/p.json")
reached=$(jq '.precision.reached' "$tap_tmp/p.json")
note "passes run: $n, reached: $reached"
ok_if "the header says what --precision asked" grep -q '^ *test passes: until ±10% of the mean (3 to 5)$' "$tap_tmp/out"
ok_if "between --passes and --max-passes passes ran" [ "$n" -ge 3 -a "$n" -le 5 ]
precision_consistent () {
  if [ "$reached" = true ]; then
    [ "$rc" -eq 0 ] &&
      grep -q "^ *precision: ±[0-9.]*% of the mean (95% CI), target ±10%: reached after $n passes$" "$tap_tmp/out" &&
      jq -e '.precision.half_width_pct <= 10' "$tap_tmp/p.json" >/dev/null
  else
    [ "$rc" -eq 4 ] && [ "$n" -eq 5 ] &&
      grep -q "^ *precision: ±[0-9.]*% of the mean (95% CI), target ±10%: NOT reached in 5 passes (--max-passes)$" "$tap_tmp/out"
  fi
}
ok_if "text, JSON and exit status agree on whether it was reached" precision_consistent
json_precision () {
  jq -e --argjson n "$n" '.complete == true and .precision.target_pct == 10
      and .precision.min_passes == 3 and .precision.max_passes == 5
      and .precision.passes_run == $n and .summary.n == $n
      and ([.passes[] | .loadavg_1min | numbers] | length) == $n
      and ((.summary.ci95_high_ms - .summary.mean_ms) / .summary.mean_ms * 100
           - .precision.half_width_pct) as $d | ($d < 0.001 and $d > -0.001)' \
    "$tap_tmp/p.json" >/dev/null
}
ok_if "JSON: the precision block, the summary's interval is the one reached, load per pass" json_precision
ok_if "CSV: a row per pass with its load average" \
  sh -c "head -1 '$tap_tmp/p.csv' | grep -q ',loadavg_1min\$' && [ \$(wc -l <'$tap_tmp/p.csv') -eq $((n + 1)) ]"
# The noise guard speaks at the first look (pass 3) when it was not enough.
guard_ok () {
  if [ "$n" -gt 3 ] || [ "$reached" = false ]; then
    grep -q -E '^boot-benchmark: CV [0-9.]+% after 3 passes: ' "$tap_tmp/err"
  else
    ! grep -q 'CV ' "$tap_tmp/err"
  fi
}
ok_if "the noise guard's estimate on stderr exactly when the first look was not enough" guard_ok

# --- --compare -------------------------------------------------------------------
# (8 s, not less: a busy 2-core host gives TCG boots an sd of a second or more.)
# Two configurations, --alpha 0.1: the signed-rank test decides from 5 pairs,
# so one look after 5 rounds can call it.
cat >"$tap_tmp/slow-qemu" <<'WRAP'
#!/bin/sh
sleep 8
exec qemu-system-x86_64 "$@"
WRAP
chmod +x "$tap_tmp/slow-qemu"
limit=600 run "$bb" $common --passes 5 --max-passes 5 --alpha 0.1 --threshold 20 --seed 7 \
  --config base= --config "slow=--qemu $tap_tmp/slow-qemu" \
  --json "$tap_tmp/c.json" --csv "$tap_tmp/c.csv"
ok_if "--compare decides: exit 0" [ "$rc" -eq 0 ]
ok_if "the slowed configuration is changed, slower" grep -q -E '^slow .*↓ slower by [0-9.]+%: changed$' "$tap_tmp/out"
ok_if "the run stopped with every comparison clear" grep -q '^stopped: every comparison is clear after 5 rounds$' "$tap_tmp/out"
ok_if "the interval's level is printed (90%)" grep -q 'difference (90% CI)' "$tap_tmp/out"
rounds_ok () {
  for r in 1 2 3 4 5; do
    got=$(awk -F, -v r="$r" 'NR > 1 && $12 == r { print $2 }' "$tap_tmp/c.csv" | sort | tr '\n' ' ')
    [ "$got" = "base slow " ] || return 1
  done
}
ok_if "CSV: each round holds base and slow once" rounds_ok
cmp_json () {
  jq -e '.sequential.decided == true and .sequential.rounds == 5 and .sequential.seed == 7
         and .threshold_pct == 20 and (.samples | length) == 10
         and ([.samples[] | .loadavg_1min | numbers] | length) == 10
         and ([.configs[] | select(.name == "slow") | .comparison][0]
              | .verdict == "changed" and .pct > 20 and .pct_low >= 20
                and .pct_low <= .pct and .pct <= .pct_high and .pairs == 5)' \
    "$tap_tmp/c.json" >/dev/null
}
ok_if "compare JSON: decided, the slow one changed with its interval above +20%" cmp_json

done_testing
