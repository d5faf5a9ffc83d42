#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test-boot-analysis.sh: the boot-analysis command: option errors (exit 2),
# replay of the plain console log and of the real capture (timeline, JSON,
# save/replay round trip, --top, colour), bad rules files (exit 1, one line),
# and one real boot under TCG (--passes 1 --warmup 0), skipped when
# BOOTPERF_SKIP_BOOT is set or libguestfs cannot boot here.
. "$top_srcdir/tests/tap.sh"

ba="$top_builddir/boot-analysis/boot-analysis"
log="$top_srcdir/tests/data/guestfish-verbose-debian12-tcg.log"
cap="$top_srcdir/tests/data/capture-tcg-3passes.jsonl.gz"
t=$tap_tmp

exits_with () { # CODE COMMAND...: runs COMMAND, passes if its exit status is CODE
  want=$1; shift
  "$@" >"$t/out" 2>"$t/err"; got=$?
  [ "$got" -eq "$want" ] || { note "exit $got, wanted $want: $(cat "$t/err")"; return 1; }
}
one_line_err () { [ "$(wc -l <"$t/err")" -eq 1 ] && grep -q "^boot-analysis: .*$1" "$t/err"; }

# ---- usage errors ----------------------------------------------------------
for args in "--passes 0" "--warmup -1" "--accel warp" "--top -3" "--bogus" \
            "--colour --no-colour" "--timeout -1" "extra-argument"; do
  ok_if "usage error exits 2: $args" exits_with 2 "$ba" $args
  ok_if "usage error is one line: $args" one_line_err ""
done
ok_if "--accel error names the value" sh -c "'$ba' --accel warp 2>&1 | grep -q \"'warp'\""

# ---- replay of the plain serial-console log ---------------------------------
ok_if "replay of the console log" exits_with 0 "$ba" --replay "$log" --json "$t/log.json"
cp "$t/out" "$t/log.txt"
ok_if "console log: its clocks announced" grep -q 'console log, each line timed by its own clock' "$t/log.txt"
ok_if "console log: timeline rows" grep -qE '^ *[0-9]+\.[0-9]ms: ' "$t/log.txt"
ok_if "console log: initcalls before userspace end at the printk time 2.481005 s" \
  grep -qE '^ *0\.0ms: .*▲ kernel:initcalls-before-userspace 2481\.0ms' "$t/log.txt"
ok_if "console log: longest activities listed" grep -q '^Longest activities:' "$t/log.txt"
ok_if "console log: no colour when not a terminal" sh -c "! grep -q \"$(printf '\033')\" '$t/log.txt'"
ok_if "console log: 710 initcall activities in the JSON" \
  sh -c "grep -o '\"rule\" : \"initcall\"' '$t/log.json' | wc -l | grep -qx 710"

# ---- replay of the real capture ------------------------------------------------
ok_if "replay of the real capture" exits_with 0 "$ba" --replay "$cap" --top 5 --colour \
  --json "$t/cap.json" --save "$t/resaved.jsonl"
cp "$t/out" "$t/cap.txt"
ok_if "capture: 3 passes" grep -q ': 3 passes' "$t/cap.txt"
ok_if "capture: colour when asked" grep -q "$(printf '\033')\[" "$t/cap.txt"
ok_if "capture: --top 5 lists five" \
  sh -c "sed -n '/^Longest activities:/,/^\$/!p' '$t/cap.txt' >/dev/null; \
         awk '/^Longest activities:/{f=1;next} f&&/^  .*ms/{n++} /more \\(--top/{exit} END{exit !(n==5)}' '$t/cap.txt'"
ok_if "capture: clock comparison printed" grep -q 'serial console lag' "$t/cap.txt"
ok_if "capture: run is shown with ± over passes" grep -qE 'run.* [0-9.]+ms ±[0-9.]+ms \(100\.0%\)' "$t/cap.txt"
if command -v python3 >/dev/null; then
  ok_if "capture: JSON has config, host, 3 passes of raw events, activities" python3 - "$t/cap.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == 2
assert d["config"]["accel"] == "tcg", d["config"]
assert d["host"]["libguestfs_version"]
assert len(d["passes"]) == 3 and all(len(p["events"]) > 1500 for p in d["passes"])
names = {a["name"]: a for a in d["activities"]}
for n in ("run", "kernel", "/init", "guestfsd", "shutdown", "seabios"):
    a = names[n]
    assert a["passes_matched"] == 3 and len(a["per_pass"]) == 3, n
    durs = [p["duration_ms"] for p in a["per_pass"]]
    assert abs(sum(durs) / 3 - a["duration"]["mean_ms"]) < 1e-6, n
    assert a["duration"]["min_ms"] == min(durs) and a["duration"]["max_ms"] == max(durs)
assert names["run"]["percent_of_run"] == 100.0
assert d["unmatched"] == []
PY
fi
# Saving what was replayed, then replaying that, gives the same report.
ok_if "save then replay: same timeline" sh -c "'$ba' --replay '$t/resaved.jsonl' --top 5 --colour > '$t/again.txt' && diff '$t/cap.txt' '$t/again.txt' | grep -v 'replay of' | grep -q '^[<>]' && exit 1 || exit 0"

# ---- rules files -------------------------------------------------------------------
printf '[a]\nbegin=ok\n\n[b]\nsource=library\nbegin=(unclosed\n' >"$t/bad.rules"
ok_if "bad rules file exits 1" exits_with 1 "$ba" --rules "$t/bad.rules" --replay "$log"
ok_if "bad rules error: file, line, rule, pcre2 message" \
  one_line_err "bad.rules:6: rule 'b': begin regex .*missing closing parenthesis"
printf '[guestfsd]\nbegin=^(?:\\+ |/init: )guestfsd\nend=^fsync /dev/sdz\nmandatory=true\n' >"$t/strict.rules"
ok_if "mandatory rule missing exits 1" exits_with 1 "$ba" --rules "$t/strict.rules" --replay "$cap"
ok_if "mandatory error names rule, pass and --save" one_line_err "rule 'guestfsd' .*pass 0.*--save"
ok_if "unmatched optional rule is reported, not fatal" sh -c \
  "printf '[run]\nbegin-source=trace\nbegin=^launch\$\nend-source=close\n[nope]\nbegin=^never\n' > '$t/opt.rules' && \
   '$ba' --rules '$t/opt.rules' --replay '$cap' | grep -q 'nope: in 3 of 3 passes'"
ok_if "missing replay file exits 1 naming it" sh -c "'$ba' --replay /nonexistent.jsonl 2>&1 >/dev/null | grep -q '/nonexistent.jsonl'; test \$? -eq 0"

# ---- one real boot ------------------------------------------------------------------
if [ -n "${BOOTPERF_SKIP_BOOT:-}" ]; then
  note "real boot skipped: BOOTPERF_SKIP_BOOT is set"
else
  ok_if "real boot: --passes 1 --warmup 0 --accel tcg" exits_with 0 \
    "$ba" --passes 1 --warmup 0 --accel tcg --quiet --json "$t/boot.json" --save "$t/boot.jsonl"
  cp "$t/out" "$t/boot.txt"
  ok_if "real boot: accelerator tcg announced" grep -q 'accelerator tcg' "$t/boot.txt"
  ok_if "real boot: timeline from run to shutdown" \
    sh -c "grep -qE '^ +0\.0ms: ▲ run ' '$t/boot.txt' && grep -qE '▲[ │]* shutdown [0-9.]+ms' '$t/boot.txt'"
  if command -v python3 >/dev/null; then
    ok_if "real boot: JSON is sane" python3 - "$t/boot.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["config"]["accel"] == "tcg" and d["summary"]["passes"] == 1
names = {a["name"]: a for a in d["activities"]}
run = names["run"]["duration"]["mean_ms"]
assert 2000 < run < 300000, run
for n in ("kernel", "/init", "guestfsd", "shutdown", "supermin:mini-initrd"):
    a = names[n]
    assert 0 <= a["start_mean_ms"] and a["start_mean_ms"] + a["duration"]["mean_ms"] <= run + 1e-6, n
assert sum(1 for a in d["activities"] if a["rule"] == "initcall") > 600
assert sum(1 for a in d["activities"] if a["rule"] == "insmod") > 40
assert len(d["passes"][0]["events"]) > 1500
PY
  fi
  ok_if "real boot: the saved capture replays" sh -c "'$ba' --replay '$t/boot.jsonl' --top 3 >/dev/null"
fi
done_testing
