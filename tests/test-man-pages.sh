#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test-man-pages.sh: the man pages (man/*.pod, built into man/*.1 and *.5)
# are valid POD, render without a warning, have the sections a man page
# needs, and document exactly the options each tool's --help lists: an option
# added to a tool without its =item in the page fails here, and so does an
# =item for an option that is gone.  The rules page documents every key and
# event source the rules loader accepts (read from its own error messages).
. "$top_srcdir/tests/tap.sh"

tools="boot-benchmark boot-analysis boot-benchmark-range"

for t in $tools; do
  [ -x "$top_builddir/$t/$t" ] || skip_all "$t not built"
done
command -v podchecker >/dev/null || skip_all "podchecker not found (apt-get install perl)"
command -v groff >/dev/null || skip_all "groff not found (apt-get install groff-base)"

# pod_clean POD: podchecker finds neither an error nor a warning.
pod_clean () {
  podchecker -warnings -warnings "$1" >"$tap_tmp/podchecker" 2>&1
  rc=$?
  sed 's/^/#   /' "$tap_tmp/podchecker"
  [ "$rc" -eq 0 ] && ! grep -q -E 'WARNING|ERROR' "$tap_tmp/podchecker"
}

# renders_clean PAGE: groff (with preconv, as man runs it) and man itself,
# warnings on, say nothing on stderr; the page is not empty and no
# @placeholder@ was left unfilled.
renders_clean () {
  groff -k -man -ww -z -Tutf8 "$1" >"$tap_tmp/groff" 2>&1 || return 1
  if command -v man >/dev/null; then
    LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$1" >"$tap_tmp/man.txt" 2>>"$tap_tmp/groff" \
      || return 1
    [ "$(wc -l <"$tap_tmp/man.txt")" -gt 40 ] || return 1
  fi
  sed 's/^/#   /' "$tap_tmp/groff"
  [ ! -s "$tap_tmp/groff" ] && ! grep -q '@[a-z]*@' "$1"
}

# has_sections POD SECTION...: every =head1 SECTION is in the page, in
# that order.
has_sections () {
  pod=$1; shift
  grep '^=head1 ' "$pod" | sed 's/^=head1 //' >"$tap_tmp/heads"
  printf '%s\n' "$@" >"$tap_tmp/want"
  awk 'NR == FNR { have[$0] = FNR; next }
       !($0 in have) { print "#   missing section " $0; bad = 1; next }
       have[$0] < last { print "#   section out of order: " $0; bad = 1 }
       { last = have[$0] } END { exit bad }' "$tap_tmp/heads" "$tap_tmp/want"
}

# help_options TOOL: every option --help lists (-x and --long), one a line.
help_options () {
  LC_ALL=C "$top_builddir/$1/$1" --help \
    | sed -n -E 's/^  +(-[A-Za-z0-9]), (--[A-Za-z0-9-]+).*/\1\n\2/p; s/^  +(--[A-Za-z0-9-]+).*/\1/p' \
    | sort -u
}

# page_options POD: every option named in an =item of the OPTIONS section.
page_options () {
  awk '/^=head1 / { in_options = ($0 == "=head1 OPTIONS") } in_options && /^=item /' "$1" \
    | grep -o -E 'B<--?[A-Za-z0-9-]+>' | sed -E 's/^B<(.*)>$/\1/' | sort -u
}

# documents_help TOOL: the page's options are exactly --help's.
documents_help () {
  help_options "$1" >"$tap_tmp/help"
  page_options "$top_srcdir/man/$1.pod" >"$tap_tmp/page"
  [ -s "$tap_tmp/help" ] || return 1
  comm -23 "$tap_tmp/help" "$tap_tmp/page" | sed 's/^/#   in --help, not in the page: /'
  comm -13 "$tap_tmp/help" "$tap_tmp/page" | sed 's/^/#   in the page, not in --help: /'
  cmp -s "$tap_tmp/help" "$tap_tmp/page"
}

for t in $tools; do
  pod="$top_srcdir/man/$t.pod"
  ok_if "$t.pod: podchecker finds nothing" pod_clean "$pod"
  ok_if "$t.1: renders without warnings" renders_clean "$top_builddir/man/$t.1"
  ok_if "$t.pod: has the sections of a tool's page" has_sections "$pod" NAME SYNOPSIS \
    DESCRIPTION OPTIONS ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"
  ok_if "$t.pod: documents exactly the options of $t --help" documents_help "$t"
done

# The rules page.
rules_pod="$top_srcdir/man/bootperf-rules.pod"
ok_if "bootperf-rules.pod: podchecker finds nothing" pod_clean "$rules_pod"
ok_if "bootperf-rules.5: renders without warnings" \
  renders_clean "$top_builddir/man/bootperf-rules.5"
ok_if "bootperf-rules.pod: has the sections of a file format's page" \
  has_sections "$rules_pod" NAME SYNOPSIS DESCRIPTION KEYS ENVIRONMENT FILES \
  EXAMPLES "SEE ALSO"

# loader_list RULES-TEXT: the list in the loader's error for that rules file
# ("known: a, b, c" or "use a, b or c"), one word a line.
loader_list () {
  printf '%s\n' "$1" >"$tap_tmp/probe.rules"
  "$top_builddir/boot-analysis/boot-analysis" --rules "$tap_tmp/probe.rules" \
    --replay "$top_srcdir/tests/data/guestfish-verbose-debian12-tcg.log" \
    >/dev/null 2>"$tap_tmp/loader.err"
  sed -n -E 's/.*\((known:|use) ([^)]*)\).*/\2/p' "$tap_tmp/loader.err" \
    | sed 's/ or /, /' | tr ',' '\n' | sed 's/^ *//; s/ *$//' | awk 'NF' | sort -u
}

# documents_all WHAT LIST: every word of LIST is named in an =item of the
# rules page (B<word> or B<word=>).
documents_all () {
  what=$1 list=$2
  [ -n "$list" ] || { note "no $what read from the loader"; return 1; }
  missing=0
  for word in $list; do
    if ! grep -q -E "^=item .*B<$word(=|>)" "$rules_pod"; then
      note "$what '$word' has no =item"
      missing=1
    fi
  done
  [ "$missing" -eq 0 ]
}
keys=$(loader_list "$(printf '[probe]\nbegin=x\nno-such-key=1')")
sources=$(loader_list "$(printf '[probe]\nbegin=x\nsource=no-such-source')")
ok_if "bootperf-rules.pod: documents every key the loader knows ($(echo $keys))" \
  documents_all key "$keys"
ok_if "bootperf-rules.pod: documents every event source ($(echo $sources))" \
  documents_all source "$sources"

done_testing
