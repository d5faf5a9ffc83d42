#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test-bash-completion.sh: the bash completion script as installed
# (bash-completion/boot-benchmark, the same script under each tool's name)
# registers itself for the three tools, and completions driven as bash drives
# them (COMP_WORDS, COMP_CWORD, the function `complete -p` names) give: every
# option of --help, the values of --accel, --kind, --test and --machine (and
# the tools accept what is offered), files for FILE options, directories for
# DIR, nothing for numbers, boot-benchmark-range's REPO and RANGE, in both the
# "--opt value" and "--opt=value" forms.
. "$top_srcdir/tests/tap.sh"

command -v bash >/dev/null || skip_all "bash not found"
for t in boot-benchmark boot-analysis boot-benchmark-range; do
  [ -x "$top_builddir/$t/$t" ] || skip_all "$t not built"
  [ -f "$top_builddir/bash-completion/$t" ] || skip_all "bash-completion/$t not built"
done
PATH="$top_builddir/boot-benchmark:$top_builddir/boot-analysis:$top_builddir/boot-benchmark-range:$PATH"
export PATH

# completions WORD...: what completing the last WORD of the command line
# WORD... offers, sorted, one a line, in $tap_tmp/got.  A word "=" stands for
# the "=" that bash splits off when it is in COMP_WORDBREAKS.
completions () {
  cd "$tap_tmp/files" && bash --norc --noprofile -c '
    . "$0" || exit 1
    spec=$(complete -p "$1") || exit 1
    fn=$(printf "%s\n" "$spec" | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
    [ -n "$fn" ] || exit 1
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    "$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf "%s\n" "${COMPREPLY[@]}"
  ' "$top_builddir/bash-completion/$1" "$@" | awk 'NF' | sort >"$tap_tmp/got"
  rc=$?
  cd - >/dev/null
  return $rc
}

# same_as_want: $tap_tmp/got has exactly the lines of $tap_tmp/want.
same_as_want () {
  if ! cmp -s "$tap_tmp/want" "$tap_tmp/got"; then
    note "wanted: $(tr '\n' ' ' <"$tap_tmp/want")"
    note "got:    $(tr '\n' ' ' <"$tap_tmp/got")"
    return 1
  fi
}

# complete_to EXPECTED... -- WORD...: completing the command line WORD...
# (its last word is the one being completed, maybe "") offers EXPECTED.
complete_to () {
  : >"$tap_tmp/want"
  while [ "$1" != -- ]; do printf '%s\n' "$1" >>"$tap_tmp/want"; shift; done
  shift
  sort -o "$tap_tmp/want" "$tap_tmp/want"
  completions "$@" || return 1
  same_as_want
}

# A directory with a file and a subdirectory to complete.
mkdir -p "$tap_tmp/files/results" "$tap_tmp/files/repo"
: >"$tap_tmp/files/run.json"
: >"$tap_tmp/files/rules.rules"

# every_option TOOL: "TOOL --" offers every long option of TOOL --help.
every_option () {
  LC_ALL=C "$1" --help | sed -n -E 's/^  +(-[A-Za-z0-9], )?(--[A-Za-z0-9-]+).*/\2/p' \
    | sort -u >"$tap_tmp/want"
  [ "$(wc -l <"$tap_tmp/want")" -gt 10 ] || return 1
  completions "$1" -- || return 1
  same_as_want
}

# accepted TOOL OPTION: every value completing "TOOL OPTION ''" offers is
# accepted by TOOL (exit 1 for the unwritable --json, not 2 for usage).
accepted () {
  completions "$1" "$2" "" || return 1
  [ -s "$tap_tmp/got" ] || return 1
  while read -r value; do
    timeout 20 "$1" "$2" "$value" --json "$tap_tmp/no-such-dir/x.json" \
      </dev/null >/dev/null 2>"$tap_tmp/err"
    rc=$?
    [ "$rc" -eq 1 ] || { note "$1 $2 $value: exit $rc: $(cat "$tap_tmp/err")"; return 1; }
  done <"$tap_tmp/got"
}

for t in boot-benchmark boot-analysis boot-benchmark-range; do
  ok_if "$t --<TAB> offers every option of --help" every_option "$t"
done
ok_if "boot-benchmark --ac<TAB> completes to --accel" \
  complete_to --accel -- boot-benchmark --ac
ok_if "boot-benchmark --accel <TAB>: auto kvm tcg" \
  complete_to auto kvm tcg -- boot-benchmark --accel ""
ok_if "boot-benchmark --accel=t<TAB> ('=' a word break): tcg" \
  complete_to tcg -- boot-benchmark --accel = t
ok_if "boot-benchmark --accel=<TAB> ('=' a word break): auto kvm tcg" \
  complete_to auto kvm tcg -- boot-benchmark --accel =
ok_if "boot-benchmark --accel=k<TAB> ('=' in the word): --accel=kvm" \
  complete_to --accel=kvm -- boot-benchmark --accel=k
ok_if "boot-benchmark accepts every --accel value offered" accepted boot-benchmark --accel
ok_if "boot-analysis accepts every --accel value offered" accepted boot-analysis --accel
ok_if "boot-benchmark --machine <TAB>: pc q35 microvm" \
  complete_to pc q35 microvm -- boot-benchmark --machine ""
ok_if "boot-benchmark-range --kind <TAB>: qemu kernel custom" \
  complete_to qemu kernel custom -- boot-benchmark-range --kind ""
ok_if "boot-benchmark-range -k c<TAB>: custom" \
  complete_to custom -- boot-benchmark-range -k c
ok_if "boot-benchmark-range --thr<TAB>: --threshold (its --test is gone)" \
  complete_to --threshold -- boot-benchmark-range --thr
ok_if "boot-benchmark --json r<TAB> (FILE): files" \
  complete_to repo results run.json rules.rules -- boot-benchmark --json r
ok_if "boot-analysis --replay ru<TAB> (FILE): files" \
  complete_to run.json rules.rules -- boot-analysis --replay ru
ok_if "boot-analysis --rules=ru<TAB> ('=' in the word): files" \
  complete_to --rules=run.json --rules=rules.rules -- boot-analysis --rules=ru
ok_if "boot-benchmark-range --workdir r<TAB> (DIR): directories only" \
  complete_to repo results -- boot-benchmark-range --workdir r
ok_if "boot-benchmark --passes <TAB> (N): nothing" \
  complete_to -- boot-benchmark --passes ""
ok_if "boot-benchmark --config <TAB> (NAME=OPTIONS): nothing" \
  complete_to -- boot-benchmark --config ""
ok_if "boot-benchmark-range --config r<TAB> (FILE): files" \
  complete_to repo results run.json rules.rules -- boot-benchmark-range --config r

# REPO and RANGE.
git_repo () {
  command -v git >/dev/null || return 1
  repo="$tap_tmp/files/repo"
  git -C "$repo" init -q -b main && git -C "$repo" -c user.name=t -c user.email=t@t \
    commit -q --allow-empty -m one && git -C "$repo" tag v1.0 \
    && git -C "$repo" branch topic
}
ok_if "a git repository to complete ranges in" git_repo
ok_if "boot-benchmark-range -t 10 re<TAB> (REPO): directories" \
  complete_to repo results -- boot-benchmark-range -t 10 re
ok_if "boot-benchmark-range repo <TAB> (RANGE): branches and tags" \
  complete_to HEAD main topic v1.0 -- boot-benchmark-range --sweep repo ""
ok_if "boot-benchmark-range repo v1.0..t<TAB> (RANGE): v1.0..topic" \
  complete_to v1.0..topic -- boot-benchmark-range repo v1.0..t
ok_if "boot-analysis takes no argument: nothing after an option's value" \
  complete_to -- boot-analysis --top 3 ""

done_testing
