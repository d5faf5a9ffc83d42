#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test-boot-benchmark-options.sh: boot-benchmark's command line, without
# booting anything: every usage error exits 2 with exactly one line on stderr
# naming the option; unwritable outputs fail (exit 1) before any boot;
# --version and --help; --precision, --compare and their options.
#
# An option value is shown to be accepted by pairing it with --json into a
# missing directory: exit 1 (output check) rather than 2 (usage) means the
# options parsed, and nothing boots.
. "$top_srcdir/tests/tap.sh"

bb="$top_builddir/boot-benchmark/boot-benchmark"
[ -x "$bb" ] || skip_all "$bb not built"

missing_json="$tap_tmp/no-such-dir/out.json"

# run ARGS...: run boot-benchmark (never longer than 20 s), keeping the exit
# status in $rc, the output in $tap_tmp/out and $tap_tmp/err, and the time
# taken in milliseconds in $ms.
run () {
  t0=$(date +%s%N)
  timeout -k 5 20 "$bb" "$@" >"$tap_tmp/out" 2>"$tap_tmp/err" </dev/null
  rc=$?
  t1=$(date +%s%N)
  ms=$(( (t1 - t0) / 1000000 ))
}

show () {
  note "boot-benchmark $* -> exit $rc in ${ms}ms"
  sed 's/^/#   stderr: /' "$tap_tmp/err"
}

# usage_error WORD ARGS...: exit 2, nothing on stdout, one line on stderr
# that contains WORD.
usage_error () {
  word=$1; shift
  run "$@"
  show "$@"
  [ "$rc" -eq 2 ] || return 1
  [ ! -s "$tap_tmp/out" ] || return 1
  [ "$(wc -l <"$tap_tmp/err")" -eq 1 ] || return 1
  grep -q -e "$word" "$tap_tmp/err"
}

# accepted ARGS...: the options parse (exit 1 from the missing --json
# directory, not 2) and the run stops before booting anything.  Start-up
# takes tens of milliseconds, a boot here (TCG) 8 s at the least: 6 s
# tells them apart even on a host loaded enough to slow start-up 50 times
# (2 s was exceeded under a load of 20).
accepted () {
  run "$@" --json "$missing_json"
  show "$@"
  [ "$rc" -eq 1 ] && [ "$ms" -lt 6000 ]
}

ok_if "--passes 0 is a usage error" usage_error --passes --passes 0
ok_if "-n 0 is a usage error" usage_error passes -n 0
ok_if "--passes abc is a usage error" usage_error --passes --passes abc
ok_if "--passes 1.5 is a usage error" usage_error --passes --passes 1.5
ok_if "--passes 99999999999 is a usage error" usage_error --passes --passes 99999999999
ok_if "--passes without a value is a usage error" usage_error --passes --passes
ok_if "--warmup -1 is a usage error" usage_error --warmup --warmup -1
ok_if "--warmup x is a usage error" usage_error --warmup --warmup x
ok_if "--memsize 10 is a usage error" usage_error --memsize --memsize 10
ok_if "--memsize 127 is a usage error" usage_error --memsize --memsize 127
ok_if "--memsize -1 is a usage error" usage_error --memsize --memsize -1
ok_if "--smp -1 is a usage error" usage_error --smp --smp -1
ok_if "--smp 256 is a usage error" usage_error --smp --smp 256
ok_if "--smp two is a usage error" usage_error --smp --smp two
ok_if "--accel foo is a usage error" usage_error --accel --accel foo
ok_if "--accel KVM is a usage error" usage_error --accel --accel KVM
ok_if "--timeout -1 is a usage error" usage_error --timeout --timeout -1
ok_if "--timeout 5s is a usage error" usage_error --timeout --timeout 5s
ok_if "--json without a file is a usage error" usage_error --json --json
ok_if "an unknown option is a usage error" usage_error --frobnicate --frobnicate
ok_if "an unknown short option is a usage error" usage_error -Z -Z
ok_if "a stray argument is a usage error" usage_error stray-arg stray-arg

# --precision, --max-passes, --threshold, --seed and the sequential runs.
ok_if "--precision 0 is a usage error" usage_error --precision --precision 0
ok_if "--precision -1 is a usage error" usage_error --precision --precision -1
ok_if "--precision 100 is a usage error" usage_error --precision --precision 100
ok_if "--precision abc is a usage error" usage_error --precision --precision abc
ok_if "--precision with --passes 1 is a usage error" usage_error "at least 2" --precision 2 --passes 1
ok_if "--max-passes without --precision or --compare is a usage error" \
  usage_error "--max-passes needs" --max-passes 20
ok_if "--max-passes below --passes is a usage error" \
  usage_error "--max-passes must be at least --passes (8)" --precision 2 --passes 8 --max-passes 7
ok_if "--max-passes below --passes's default is a usage error" \
  usage_error "default (5)" --precision 2 --max-passes 4
ok_if "--precision with --compare is a usage error" \
  usage_error "cannot be used together" --precision 2 --config a= --config b=
ok_if "--threshold without --compare is a usage error" usage_error "--threshold needs" --threshold 5
ok_if "--threshold 0 is a usage error" usage_error --threshold --config a= --config b= --threshold 0
ok_if "--seed without --compare is a usage error" usage_error "--seed needs" --seed 3
ok_if "--seed -5 is a usage error" usage_error --seed --config a= --config b= --seed -5
ok_if "--test (gone) is a usage error saying why" usage_error "paired estimator" --config a= --config b= --test welch
ok_if "--compare with --passes 1 is a usage error" usage_error "at least 2" --config a= --config b= --passes 1
# Three configurations at --alpha 0.05: 0.025 each, which the signed-rank
# test reaches only from 7 pairs (2^-6): refused before anything boots.
ok_if "--compare that cannot decide within --max-passes is refused, saying what would work" \
  usage_error "use --max-passes 7 or more" --config a= --config b= --config c= --max-passes 6
ok_if "--precision 2 is accepted" accepted --precision 2
ok_if "--precision 0.5 --passes 3 --max-passes 3 is accepted" accepted --precision 0.5 --passes 3 --max-passes 3
ok_if "--compare with --max-passes, --threshold and --seed is accepted" \
  accepted --config a= --config b= --max-passes 7 --threshold 10 --seed 1

# The documented defaults and boundaries are accepted ("0: libguestfs's
# default" for --memsize and --smp, "0: never" for --timeout).
ok_if "--smp 0 is accepted" accepted --smp 0
ok_if "--smp 255 is accepted" accepted --smp 255
ok_if "--memsize 0 is accepted" accepted --memsize 0
ok_if "--memsize 128 is accepted" accepted --memsize 128
ok_if "--timeout 0 is accepted" accepted --timeout 0
ok_if "--warmup 0 is accepted" accepted --warmup 0
ok_if "--passes 1 is accepted" accepted --passes 1
for a in auto kvm tcg; do
  ok_if "--accel $a is accepted" accepted --accel $a
done

# Unwritable outputs: exit 1 at once, naming the path, before any boot.
json_missing () {
  run --passes 1 --warmup 0 --json "$missing_json"
  show --json "$missing_json"
  [ "$rc" -eq 1 ] && [ "$ms" -lt 6000 ] &&
    [ "$(wc -l <"$tap_tmp/err")" -eq 1 ] && grep -q -F "$missing_json" "$tap_tmp/err" &&
    [ ! -s "$tap_tmp/out" ]
}
ok_if "--json into a missing directory exits 1 within 2 s naming the path" json_missing

csv_missing () {
  run --passes 1 --warmup 0 --csv "$missing_json.csv"
  show --csv "$missing_json.csv"
  [ "$rc" -eq 1 ] && [ "$ms" -lt 6000 ] && grep -q -F "$missing_json.csv" "$tap_tmp/err"
}
ok_if "--csv into a missing directory exits 1 within 2 s naming the path" csv_missing

json_is_dir () {
  run --passes 1 --warmup 0 --json "$tap_tmp"
  show --json "$tap_tmp"
  [ "$rc" -eq 1 ] && [ "$ms" -lt 6000 ] && grep -q -F "$tap_tmp" "$tap_tmp/err"
}
ok_if "--json naming a directory exits 1 within 2 s" json_is_dir

json_empty () {
  run --passes 1 --warmup 0 --json ""
  show --json '""'
  [ "$rc" -eq 1 ] && [ "$ms" -lt 6000 ] && [ "$(wc -l <"$tap_tmp/err")" -eq 1 ]
}
ok_if "--json '' exits 1 within 2 s" json_empty

# --version
version () {
  expected=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
  run --version
  show --version
  [ "$rc" -eq 0 ] && [ -n "$expected" ] &&
    [ "$(cat "$tap_tmp/out")" = "boot-benchmark $expected" ] && [ ! -s "$tap_tmp/err" ]
}
ok_if "--version prints the version" version

# --help lists every option.
run --help
show --help
ok_if "--help exits 0" [ "$rc" -eq 0 ]
for opt in passes warmup memsize smp append accel timeout json csv quiet verbose version \
  precision max-passes threshold seed compare config alpha; do
  ok_if "--help lists --$opt" grep -q -e "--$opt\\b" "$tap_tmp/out"
done
for opt in -n -w -m -q -v; do
  ok_if "--help lists $opt" grep -q -e "^ *$opt, --" "$tap_tmp/out"
done

done_testing
