#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-outputs.sh: no result is lost to what happens around the output
# (common/output.c), and nothing from outside drives the terminal.
#   - standard output closed (`| head -1`): --json, --csv and --svg are still
#     written, one line says standard output broke, exit 1 (boot-analysis
#     replaying, boot-benchmark with a stand-in qemu, the range tool);
#   - --save on a full disk: the timeline, --json and --svg still come;
#   - a read-only (0444) output file is refused, not replaced;
#   - an output naming an input (however spelt) is refused;
#   - escape sequences in a --compare-file or a rules file are shown escaped;
#   - "verdict cached in FILE" only when FILE holds the verdict.
# No real boot: qemu is a stand-in printing the tiny init's ready marker.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"

bb="$top_builddir/boot-benchmark/boot-benchmark"
ba="$top_builddir/boot-analysis/boot-analysis"
cap="$top_srcdir/tests/data/capture-tcg-3passes.jsonl.gz"
t=$tap_tmp
command -v jq >/dev/null || skip_all "jq is not installed"
command -v perl >/dev/null || skip_all "perl is not installed"

# closed_stdout COMMAND...: run COMMAND with stdout a pipe whose reader has
# already gone, and SIGPIPE at its default (killing), as under `| head -1`.
closed_stdout () {
  perl -e '$SIG{PIPE} = "DEFAULT"; pipe (my $r, my $w) or die; close $r;
           open (STDOUT, ">&", $w) or die; close $w; exec @ARGV or die "exec: $!"' -- "$@" \
    2>"$t/err"
}
err_is_one_line () { # REGEX: stderr is one line matching it
  [ "$(wc -l <"$t/err")" -eq 1 ] && grep -Eq -- "$1" "$t/err" ||
    { note "stderr: $(head -c 300 "$t/err")"; return 1; }
}
exits_with () { # CODE COMMAND...
  local want=$1; shift
  "$@" >"$t/out" 2>"$t/err"; local got=$?
  [ "$got" -eq "$want" ] || { note "exit $got, wanted $want: $(head -c 300 "$t/err")"; return 1; }
}
no_escape () { ! grep -q "$(printf '\033')" "$@"; }

# ---- standard output closed ---------------------------------------------------------
closed_stdout "$ba" --replay "$cap" --no-colour --json "$t/a.json" --svg "$t/a.svg"
rc=$?
ok_if "boot-analysis, stdout closed: exit 1, not killed by SIGPIPE" test "$rc" -eq 1
ok_if "boot-analysis, stdout closed: --json written" jq -e '.activities | length > 0' "$t/a.json"
ok_if "boot-analysis, stdout closed: --svg written" grep -q '</svg>' "$t/a.svg"
ok_if "boot-analysis, stdout closed: one line says so" \
  err_is_one_line '^boot-analysis: cannot write to standard output: Broken pipe$'

cat >"$t/qemu" <<'EOF'
#!/bin/sh
case "$1" in -version|--version) echo "QEMU emulator version 7.2.0"; exit 0 ;; esac
echo "bootperf-tiny-init: ready"
EOF
chmod +x "$t/qemu"
direct="--kernel /dev/null --qemu $t/qemu --accel tcg --warmup 0 --quiet"
closed_stdout "$bb" $direct --passes 2 --json "$t/b.json" --csv "$t/b.csv"
rc=$?
ok_if "boot-benchmark, stdout closed: exit 1, not killed by SIGPIPE" test "$rc" -eq 1
ok_if "boot-benchmark, stdout closed: --json written" jq -e '.passes | length == 2' "$t/b.json"
ok_if "boot-benchmark, stdout closed: --csv written" test "$(wc -l <"$t/b.csv")" -eq 3
ok_if "boot-benchmark, stdout closed: one line says so" \
  err_is_one_line '^boot-benchmark: cannot write to standard output: Broken pipe$'

repo="$t/repo"
range_make_repo "$repo" 3 2 1500 >/dev/null
closed_stdout "$RANGE" --kind custom --build "$RANGE_BUILD" --benchmark "$(range_fake_bench)" \
  --workdir "$t/work" --json "$t/r.json" -q "$repo" "$(range_sha "$repo" 0)..HEAD"
rc=$?
ok_if "range, stdout closed: exit 1, not killed by SIGPIPE" test "$rc" -eq 1
ok_if "range, stdout closed: --json written" jq -e '.commits | length > 0' "$t/r.json"
ok_if "range, stdout closed: one line says so" \
  err_is_one_line '^boot-benchmark-range: error: cannot write to standard output: Broken pipe$'

# ---- --save on a full disk ----------------------------------------------------------
"$ba" --replay "$cap" --no-colour --save /dev/full --json "$t/f.json" --svg "$t/f.svg" \
  >"$t/out" 2>"$t/err"
rc=$?
ok_if "--save /dev/full: exit 1" test "$rc" -eq 1
ok_if "--save /dev/full: one line naming it" \
  err_is_one_line '^boot-analysis: cannot write /dev/full: No space left on device$'
ok_if "--save /dev/full: the timeline is still printed" grep -q '^Longest activities:' "$t/out"
ok_if "--save /dev/full: --json is still written" jq -e '.activities | length > 0' "$t/f.json"
ok_if "--save /dev/full: --svg is still written" grep -q '</svg>' "$t/f.svg"
# A real full file system, where one can be made (root, tmpfs).
mkdir "$t/tiny"
if mount -t tmpfs -o size=16k tmpfs "$t/tiny" 2>/dev/null; then
  "$ba" --replay "$cap" --no-colour --save "$t/tiny/cap.jsonl" --json "$t/g.json" \
    >"$t/out" 2>"$t/err"
  rc=$?
  ok_if "--save on a full tmpfs: exit 1, one line" \
    sh -c '[ "$0" -eq 1 ] && [ "$(wc -l <"$1")" -eq 1 ] && grep -q "No space left on device" "$1"' "$rc" "$t/err"
  ok_if "--save on a full tmpfs: no half-written capture left" \
    sh -c '[ -z "$(ls -A "$0")" ]' "$t/tiny"
  ok_if "--save on a full tmpfs: --json is still written" jq -e '.activities' "$t/g.json"
  umount "$t/tiny"
else
  note "cannot mount a tmpfs here: the full file system case is covered by /dev/full only"
fi

# ---- a read-only output file ------------------------------------------------------------
echo keep >"$t/ro.json"
chmod 0444 "$t/ro.json"
ok_if "read-only --json: boot-analysis exits 1" exits_with 1 "$ba" --replay "$cap" --json "$t/ro.json"
ok_if "read-only --json: one line saying so" \
  err_is_one_line "^boot-analysis: cannot write $t/ro.json: the file is read-only"
ok_if "read-only --json: boot-benchmark exits 1 before any boot" \
  exits_with 1 "$bb" $direct --passes 1 --json "$t/ro.json"
ok_if "read-only --json: the file is untouched" test "$(cat "$t/ro.json")" = keep

# ---- an output naming an input ------------------------------------------------------------
zcat "$cap" >"$t/orig.log"
cp "$t/orig.log" "$t/orig.copy"
ln -s orig.log "$t/link.log"
(cd "$t" && exits_with 2 "$ba" --replay orig.log --save ./orig.log)
ok_if "--replay orig.log --save ./orig.log: exit 2" test $? -eq 0
ok_if "--replay orig.log --save ./orig.log: one line naming both" \
  err_is_one_line '^boot-analysis: --save \./orig\.log is the --replay file'
ok_if "--save through a symlink to the --replay file: exit 2" \
  exits_with 2 "$ba" --replay "$t/orig.log" --json "$t/link.log"
ok_if "the replayed file is untouched" cmp -s "$t/orig.log" "$t/orig.copy"
ok_if "--json and --svg naming one new file: exit 2" \
  exits_with 2 "$ba" --replay "$cap" --json "$t/same.out" --svg "$t/./same.out"
ok_if "--json and --csv both /dev/null: fine" \
  exits_with 0 "$bb" $direct --passes 1 --json /dev/null --csv /dev/null
ok_if "boot-benchmark --json naming the --kernel file: exit 2" \
  exits_with 2 "$bb" --kernel "$t/orig.copy" --qemu "$t/qemu" --json "$t/orig.copy"

# ---- escape sequences from files ------------------------------------------------------------
esc=$(printf '\033')
printf '[fast]\noptions=--qemu %s --append "x%s[2J"\n[slow]\noptions=--qemu %s\n' \
  "$t/qemu" "$esc" "$t/qemu" >"$t/cmp.ini"
"$bb" --kernel /dev/null --accel tcg --passes 2 --warmup 0 --quiet --compare-file "$t/cmp.ini" \
  >"$t/out" 2>"$t/err"
note "--compare-file: exit $?"
ok_if "--compare-file options with an escape sequence: not raw on stdout" no_escape "$t/out"
ok_if "--compare-file options with an escape sequence: shown escaped" grep -q 'x\\x1b\[2J' "$t/out"
"$bb" --kernel /dev/null --accel tcg --passes 2 --warmup 0 --quiet \
  --config "fast${esc}c=--qemu $t/qemu" --config "slow=--qemu $t/qemu" >"$t/out" 2>"$t/err"
note "--config: exit $?"
ok_if "--config name with an escape sequence: not raw on stdout" no_escape "$t/out"
ok_if "--config name with an escape sequence: shown escaped" grep -q 'fast\\x1bc' "$t/out"
printf '[a]\noptions=\n%s[2Jnot a key\n' "$esc" >"$t/bad.ini"
"$bb" --kernel /dev/null --compare-file "$t/bad.ini" >"$t/out" 2>"$t/err"
ok_if "GKeyFile error quoting an escape sequence: one line, not raw" \
  sh -c '[ "$(wc -l <"$0")" -eq 1 ] && ! grep -q "$1" "$0" && grep -q "x1b" "$0"' "$t/err" "$esc"
printf '[kernel]\nwhere=console\n%s]0;title\a\n' "$esc" >"$t/bad.rules"
"$ba" --replay "$cap" --rules "$t/bad.rules" >"$t/out" 2>"$t/err"
ok_if "a rules file quoting an escape sequence: the error is not raw" \
  sh -c '[ -s "$0" ] && ! grep -q "$1" "$0"' "$t/err" "$esc"

# ---- "verdict cached in" --------------------------------------------------------------------
# Without /dev/kvm no probe runs and nothing is cached: the message must not
# claim otherwise.  (With /dev/kvm this would boot a probe: skipped then.)
if [ ! -e /dev/kvm ]; then
  XDG_CACHE_HOME="$t/cache" "$bb" --accel kvm --passes 1 >"$t/out" 2>"$t/err"
  rc=$?
  note "--accel kvm: exit $rc: $(cat "$t/err")"
  cached_claim_holds () {
    local f
    f=$(sed -n 's/.*verdict cached in \([^;]*\);.*/\1/p' "$t/err")
    [ -z "$f" ] || [ -s "$f" ]
  }
  ok_if "--accel kvm without /dev/kvm: exit 1" test "$rc" -eq 1
  ok_if "--accel kvm without /dev/kvm: no claim of a cached verdict that is not there" \
    cached_claim_holds
else
  note "/dev/kvm exists: the cached-verdict message test would boot a probe: skipped"
fi

done_testing
