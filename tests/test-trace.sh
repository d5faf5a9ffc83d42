#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test-trace.sh: boot-analysis --trace writes a Chrome trace that follows
# the Trace Event Format as Perfetto and chrome://tracing read it (checked
# by tests/check-trace.py: required fields, whole microseconds, slices
# nested on every track, one named process per pass) and holds the
# analysis: every activity of every pass on its clock's tracks, in
# microseconds, the console lines with --trace-lines.  Over the committed
# capture (host and guest clocks) and a plain console log; written
# atomically; bad uses are usage errors.
. "$top_srcdir/tests/tap.sh"

ba="$top_builddir/boot-analysis/boot-analysis"
check="$top_srcdir/tests/check-trace.py"
capture="$top_srcdir/tests/data/capture-tcg-3passes.jsonl.gz"
log="$top_srcdir/tests/data/guestfish-verbose-debian12-tcg.log"
[ -x "$ba" ] || skip_all "$ba not built"
command -v python3 >/dev/null || skip_all "python3 not found"

out="$tap_tmp/out"
mkdir -p "$out"

# traces NAME INPUT [OPTIONS...]: replay INPUT with --trace and --json.
traces () {
  name=$1 input=$2; shift 2
  "$ba" --replay "$input" --trace "$out/$name.json" --json "$tap_tmp/$name.analysis.json" \
    "$@" >/dev/null 2>"$tap_tmp/err" || { sed 's/^/#   /' "$tap_tmp/err"; return 1; }
}

# follows_format NAME [--lines]: check-trace.py finds nothing wrong.
follows_format () {
  python3 "$check" "$out/$1.json" "$tap_tmp/$1.analysis.json" "$@" >"$tap_tmp/check" 2>&1
  rc=$?
  sed 's/^# /#   /; /^#/!s/^/#   /' "$tap_tmp/check"
  return $rc
}

# has_track NAME TRACK-NAME: a thread of that name in every pass.
has_track () {
  python3 - "$out/$1.json" "$2" <<'PY'
import json, sys
events = json.load(open(sys.argv[1]))["traceEvents"]
pids = {e["pid"] for e in events if e["ph"] == "X"}
named = {e["pid"] for e in events
         if e["ph"] == "M" and e["name"] == "thread_name" and e["args"]["name"] == sys.argv[2]}
sys.exit(0 if pids and named == pids else 1)
PY
}

ok_if "--trace over the 3-pass capture" traces capture "$capture" --trace-lines
ok_if "the capture's trace follows the format and holds the analysis" \
  follows_format capture --lines
ok_if "host clock tracks in every pass" has_track capture "host clock"
ok_if "guest clock tracks in every pass (the capture has printk stamps)" \
  has_track capture "guest clock"
ok_if "console tracks: as they arrived and as the guest stamped them" \
  sh -c 'grep -q "\"console, guest printk\"" "$1" && grep -q "\"console\"" "$1"' _ \
  "$out/capture.json"
ok_if "written atomically: nothing else left in the directory" \
  sh -c '[ "$(ls -A "$1")" = capture.json ]' _ "$out"

ok_if "--trace over a plain console log" traces log "$log"
ok_if "the log's trace follows the format and holds the analysis" follows_format log
ok_if "no console lines without --trace-lines" \
  sh -c '! grep -q "\"cat\":\"console\"" "$1"' _ "$out/log.json"

# A console log with bytes that are not UTF-8 and a control character.
printf '[    0.000000] Linux version 6.1.0 (x)\n[    0.100000] bad \377\376 bytes \001 here\n[    0.200000] Run /init as init process\n' \
  >"$tap_tmp/bad-bytes.log"
ok_if "a log with bytes that are not UTF-8 gives a valid trace" \
  sh -c '"$1" --replay "$2" --trace "$3" --trace-lines >/dev/null 2>&1 &&
         python3 "$4" "$3" >/dev/null' _ "$ba" "$tap_tmp/bad-bytes.log" "$out/bad.json" "$check"

ok_if "--trace into a missing directory: exit 1 before any work, one line" \
  sh -c '"$1" --replay "$2" --trace "$3" >/dev/null 2>"$4"; [ $? -eq 1 ] &&
         [ "$(wc -l <"$4")" -eq 1 ] && grep -q "no-such-dir" "$4"' _ "$ba" "$capture" \
  "$tap_tmp/no-such-dir/t.json" "$tap_tmp/err1"
ok_if "--trace-lines without --trace is a usage error" \
  sh -c '"$1" --replay "$2" --trace-lines >/dev/null 2>&1; [ $? -eq 2 ]' _ "$ba" "$capture"

done_testing
