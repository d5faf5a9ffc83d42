#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test-replay-hostile.sh: boot-analysis --replay of captures and logs made to
# break it (issue 11's findings).  Each is either read and reported in full
# (--json valid JSON, --svg written) or refused with one line naming the file
# and the cause and exit 1: never a crash, an abort or minutes of work.
. "$top_srcdir/tests/tap.sh"
command -v jq >/dev/null || skip_all "jq is not installed"

ba="$top_builddir/boot-analysis/boot-analysis"
cap="$top_srcdir/tests/data/capture-tcg-3passes.jsonl.gz"
t=$tap_tmp

exits_with () { # CODE COMMAND...: runs COMMAND, passes if its exit status is CODE
  want=$1; shift
  "$@" >"$t/out" 2>"$t/err"; got=$?
  [ "$got" -eq "$want" ] || { note "exit $got, wanted $want: $(head -c 300 "$t/err")"; return 1; }
}
one_line_err () { # TEXT: stderr is one line holding TEXT
  [ "$(wc -l <"$t/err")" -eq 1 ] && grep -q -- "$1" "$t/err" ||
    { note "stderr: $(head -c 300 "$t/err")"; return 1; }
}
jq_true () { jq -e -s ".[-1] | $1" "$2" >/dev/null; } # FILTER FILE (its last value)
refused () { # NAME FILE TEXT: --replay FILE exits 1 with one line holding TEXT
  ok_if "$1: exit 1" exits_with 1 "$ba" --replay "$2" --json "$t/no.json"
  ok_if "$1: one line naming the file: $3" one_line_err "$(basename "$2").*$3"
  ok_if "$1: no --json written" test ! -e "$t/no.json"
}
reported () { # NAME FILE [OPTIONS]: --replay FILE reports in full
  name=$1 file=$2; shift 2
  rm -f "$t/a.json" "$t/a.svg"
  ok_if "$name: exit 0" exits_with 0 "$ba" --replay "$file" --json "$t/a.json" \
    --svg "$t/a.svg" "$@"
  ok_if "$name: timeline printed" grep -q '^Longest activities:' "$t/out"
  ok_if "$name: --json is valid JSON" jq_true .activities "$t/a.json"
  ok_if "$name: --svg written" grep -q '</svg>' "$t/a.svg"
}
header='{"format":"bootperf-capture","version":1}'
zcat "$cap" >"$t/cap.jsonl"

# An activity ending before it starts (a clock that runs backwards) wrote out
# of bounds in the timeline (exit 139 before --json and --svg were written):
# the issue's recipe (an initcall's end), and a library activity's end.
jq -c 'if ((.message // "") | contains("initcall hvc_console_init+"))
       then .time_ns = 1000 else . end' "$t/cap.jsonl" >"$t/backwards.jsonl"
reported "initcall ending before it starts" "$t/backwards.jsonl"
ok_if "initcall ending before it starts: listed" \
  grep -q 'initcall kernel.hvc_console_init ' "$t/out"
jq -c 'if .message == "finished testing qemu features" then .time_ns = 1000 else . end' \
  "$t/cap.jsonl" >"$t/backwards2.jsonl"
reported "library activity ending before it starts" "$t/backwards2.jsonl"
ok_if "library activity ending before it starts: listed" \
  grep -q 'qemu:feature-detect ' "$t/out"

# 100,000 '[' overflowed json-glib's stack (exit 139).
{ echo "$header"; head -c 100000 /dev/zero | tr '\0' '['; echo; } >"$t/deep.jsonl"
refused "deep nesting" "$t/deep.jsonl" ':2: .*nested deeper than 64'

# json-glib read this as -1.
{ echo "$header"
  echo '{"pass":0,"time_ns":99999999999999999999999,"source":"trace","message":"launch"}'
} >"$t/huge-int.jsonl"
refused "integer beyond int64" "$t/huge-int.jsonl" ':2: .*99999999999999999999999 out of range'

# Times near int64's ends overflowed in the analysis.
{ echo "$header"
  echo '{"pass":0,"time_ns":-9223372036854775807,"source":"trace","message":"launch"}'
  echo '{"pass":0,"time_ns":9223372036854775807,"source":"close","message":""}'
} >"$t/extreme.jsonl"
refused "extreme times" "$t/extreme.jsonl" ':2: "time_ns" is more than 31 years'
{ echo "$header"
  echo '{"pass":0,"time_ns":0,"source":"trace","message":"launch"}'
  echo '{"pass":0,"time_ns":5,"source":"console","message":"x","guest_time_ns":-7}'
} >"$t/guest.jsonl"
refused "negative guest time" "$t/guest.jsonl" ':3: "guest_time_ns" is not a time'
{ echo "$header"
  echo '{"pass":0,"time_ns":0,"source":"trace","message":"launch"}'
  echo '{"pass":0,"time_ns":5,"source":"library","message":"x","clock":"libguestfs","clock_ns":9223372036854775807}'
} >"$t/clock.jsonl"
refused "extreme libguestfs clock" "$t/clock.jsonl" ':3: "clock_ns" is not a time'

# Huge numbers in the report: a 1 ns run and an activity of 31 years, so
# percent_of_run is 1e20 (written "1e+20.0", not JSON, before).
cat >"$t/big.rules" <<'RULES'
[run]
begin-source=trace
begin=^launch$
end-source=close
long=true
[age]
source=console
begin=^begin$
end=^end$
RULES
{ echo "$header"
  echo '{"pass":0,"time_ns":0,"source":"trace","message":"launch"}'
  echo '{"pass":0,"time_ns":0,"source":"console","message":"begin"}'
  echo '{"pass":0,"time_ns":1,"source":"close","message":""}'
  echo '{"pass":0,"time_ns":1000000000000000000,"source":"console","message":"end"}'
} >"$t/big.jsonl"
reported "huge percent of run" "$t/big.jsonl" --rules "$t/big.rules"
ok_if "huge percent of run: written as a number near 1e20" \
  jq_true '.activities[] | select(.name == "age") | .percent_of_run > 9.9e19' "$t/a.json"

# Captures joined together merged pass 0 of each into bogus ":1" activities.
cat "$t/cap.jsonl" "$t/cap.jsonl" >"$t/joined.jsonl"
refused "joined captures" "$t/joined.jsonl" ':6523: a second capture starts here'
tail -n +2 "$t/cap.jsonl" | cat "$t/cap.jsonl" - >"$t/joined-no-header.jsonl"
refused "joined captures without a header" "$t/joined-no-header.jsonl" \
  ':6523: a second launch in pass 0'
# `cat a.gz b.gz` is one gzip file of two members: only the first was read.
cat "$cap" "$cap" >"$t/joined.jsonl.gz"
refused "joined gzip captures" "$t/joined.jsonl.gz" ':6523: a second capture starts here'

# 13 MB of launch lines made 500,000 passes: 5.5 GB and 146 s.
yes 'libguestfs: trace: launch' | head -n 10001 >"$t/launches.log"
refused "too many passes" "$t/launches.log" ':10001: more than 10000 passes'
# A console log's lines are cut as a live console's are: a 2 MiB line kept
# whole cost its length in every copy.
{ printf '[    0.000000] Linux version 6.1 '; head -c 2097152 /dev/zero | tr '\0' 'x'; echo; } \
  >"$t/long-line.log"
reported "a console line of 2 MiB" "$t/long-line.log" --save "$t/long.jsonl"
ok_if "a console line of 2 MiB: cut to 8 KiB, saying so" \
  sh -c "jq -s -e '[.[] | select(.source == \"console\") | .message]
                  | length == 1 and (.[0] | length < 8300)
                  and (.[0] | endswith(\" [bootperf: 2088993 more bytes cut]\"))' \
          '$t/long.jsonl' >/dev/null"
{ echo "$header"; printf '{"pass":0,"time_ns":0,"source":"console","message":"'
  head -c 1048577 /dev/zero | tr '\0' 'x'; echo '"}'; } >"$t/long-line.jsonl"
refused "a JSON line of 1 MiB" "$t/long-line.jsonl" ':2: line longer than 1024 KiB'
# A gzip bomb cost as much memory as it decompressed to, up to the 1 GiB
# bound: what is read into memory (gzip, a pipe) now stops at 256 MiB.  A
# plain file is mapped, not read, and keeps the 1 GiB bound (sparse files
# here: they take no disk).
head -c 268435457 /dev/zero | tr '\0' '\n' | gzip -1 >"$t/bomb.log.gz"
refused "257 MiB of gzip'd newlines" "$t/bomb.log.gz" ': more than 256 MiB: too big to read'
ok_if "257 MiB through a pipe: refused the same way" sh -c \
  "head -c 268435457 /dev/zero | '$ba' --replay /dev/stdin 2>'$t/pipe.err' >/dev/null
   test \$? = 1 && grep -q 'stdin: more than 256 MiB: too big to read' '$t/pipe.err'"
truncate -s 300M "$t/sparse.log"
ok_if "a plain file of 300 MiB is mapped: not held to 256 MiB" sh -c \
  "'$ba' --replay '$t/sparse.log' >/dev/null 2>'$t/sparse.err'; ! grep -q 'too big' '$t/sparse.err'"
truncate -s 1025M "$t/sparse.log"
refused "a plain file of 1025 MiB" "$t/sparse.log" ': more than 1024 MiB: too big to read'
rm -f "$t/bomb.log.gz" "$t/sparse.log"
# pcre2 gave up (its match limit) and that read as "no match": ^(?:(a+)+b|a)
# skipped a line of 40 a's and the activity began 200 ms late.  ^(a+)+$ over
# 200 lines of 8 KB took 33 s.  Now the first line it gives up on is an
# error naming the rule and the line.
cat >"$t/late.rules" <<'RULES'
[run]
begin-source=trace
begin=^launch$
end-source=close
[late]
source=console
begin=^(?:(a+)+b|a)
RULES
{ echo 'libguestfs: trace: launch'
  echo "[    1.000000] $(head -c 40 /dev/zero | tr '\0' 'a')"
  echo '[    1.200000] a'
} >"$t/late.log"
ok_if "pcre2 giving up: exit 1" exits_with 1 "$ba" --replay "$t/late.log" --rules "$t/late.rules"
ok_if "pcre2 giving up: one line naming the rule, the line and the limit" \
  one_line_err "rule 'late' .*pass 0's console line \"\[    1.000000\] aaaa.*match limit"
sed 's/^begin=.*/begin=^(a+)+$/' "$t/late.rules" >"$t/evil.rules"
{ echo 'libguestfs: trace: launch'
  for i in $(seq 200); do head -c 8000 /dev/zero | tr '\0' 'a'; echo b; done
} >"$t/evil.log"
ok_if "catastrophic regex over 200 lines of 8 KB: exit 1" \
  exits_with 1 "$ba" --replay "$t/evil.log" --rules "$t/evil.rules"
ok_if "catastrophic regex: one line naming the rule" one_line_err "rule 'late' .*match limit"
done_testing
