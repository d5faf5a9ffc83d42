#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test-install.sh: `make install DESTDIR=...` puts the tools, their data, the
# man pages and the bash completions where they belong; `man` finds and shows
# the installed pages; bash-completion loads the installed completion on
# demand (as it does on the first TAB) and it completes with the installed
# program; `make uninstall` takes every file away again.
. "$top_srcdir/tests/tap.sh"

: "${MAKE:=make}"
for v in bindir mandir pkgdatadir datadir bashcompletiondir; do
  eval "[ -n \"\${$v:-}\" ]" || skip_all "\$$v not set (run from make check)"
done
dest="$tap_tmp/dest"

# make_in_builddir TARGET...: the build's own make, alone (not part of the
# outer make's job server), quiet.
make_in_builddir () {
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $MAKE -s -C "$top_builddir" "$@" \
    >"$tap_tmp/make.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || sed 's/^/#   /' "$tap_tmp/make.log" | tail -20
  return $rc
}

# installed KIND PATH...: every PATH exists under DESTDIR (KIND -x or -f).
installed () {
  kind=$1; shift
  for p in "$@"; do
    test "$kind" "$dest$p" || { note "missing: $p"; return 1; }
  done
}

# man_shows PAGE WORD: man, pointed at the installed tree only, shows PAGE,
# and WORD is on its NAME line.
man_shows () {
  command -v man >/dev/null || { note "man not found"; return 1; }
  LC_ALL=C.UTF-8 MANWIDTH=80 MANPATH="$dest$mandir" man "$1" >"$tap_tmp/man.txt" 2>&1 \
    || { sed 's/^/#   /' "$tap_tmp/man.txt"; return 1; }
  grep -A1 '^NAME' "$tap_tmp/man.txt" | grep -q -e "$2"
}

# page_names_installed_data: the paths the installed pages give for the
# rules are those the data was installed at.
page_names_installed_data () {
  grep -q -F "$pkgdatadir/activities.rules" "$dest$mandir/man5/bootperf-rules.5" \
    && grep -q -F "$pkgdatadir/tiny-init.cpio" "$dest$mandir/man1/boot-benchmark.1"
}

# completion_loads_on_demand: bash-completion, finding completions through
# XDG_DATA_DIRS as it does, loads the installed one at the first TAB of
# "boot-benchmark --acc", which runs the installed boot-benchmark --help.
completion_loads_on_demand () {
  bc=/usr/share/bash-completion/bash_completion
  [ -f "$bc" ] || { note "$bc not found (apt-get install bash-completion)"; return 1; }
  case $bashcompletiondir in
    "$datadir"/*) ;;
    *) note "bashcompletiondir $bashcompletiondir is outside datadir"; return 1 ;;
  esac
  PATH="$dest$bindir:/usr/bin:/bin" XDG_DATA_DIRS="$dest$datadir" \
    BASH_COMPLETION_USER_DIR="$tap_tmp/none" bash --norc --noprofile -c '
      . "$1" || exit 1
      complete -p boot-benchmark >/dev/null 2>&1 && exit 1   # not loaded yet
      __load_completion boot-benchmark || exit 1
      fn=$(complete -p boot-benchmark | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
      COMP_WORDS=(boot-benchmark --acc) COMP_CWORD=1
      "$fn" boot-benchmark --acc boot-benchmark
      [ "${COMPREPLY[*]}" = --accel ] || exit 1
      type -P boot-benchmark' _ "$bc" >"$tap_tmp/bash.out" 2>&1
  rc=$?
  sed 's/^/#   /' "$tap_tmp/bash.out"
  [ "$rc" -eq 0 ] && grep -q -F "$dest$bindir/boot-benchmark" "$tap_tmp/bash.out"
}

# nothing_left: after make uninstall, no file remains under DESTDIR.
nothing_left () {
  find "$dest" -type f -o -type l >"$tap_tmp/left"
  sed 's/^/#   left: /' "$tap_tmp/left"
  [ ! -s "$tap_tmp/left" ]
}

ok_if "make install DESTDIR=... succeeds" make_in_builddir install DESTDIR="$dest"
ok_if "the three tools are in bindir" installed -x \
  "$bindir/boot-benchmark" "$bindir/boot-analysis" "$bindir/boot-benchmark-range"
ok_if "rules, experiments and the tiny init are in pkgdatadir" installed -f \
  "$pkgdatadir/activities.rules" "$pkgdatadir/direct-kernel.rules" \
  "$pkgdatadir/paper-experiments.conf" "$pkgdatadir/tiny-init.cpio"
ok_if "man pages are in man1 and man5" installed -f \
  "$mandir/man1/boot-benchmark.1" "$mandir/man1/boot-analysis.1" \
  "$mandir/man1/boot-benchmark-range.1" "$mandir/man5/bootperf-rules.5"
ok_if "bash completions are in bashcompletiondir under each tool's name" installed -f \
  "$bashcompletiondir/boot-benchmark" "$bashcompletiondir/boot-analysis" \
  "$bashcompletiondir/boot-benchmark-range"
ok_if "man boot-benchmark shows the installed page" man_shows boot-benchmark \
  "boot-benchmark - time how long"
ok_if "man 5 bootperf-rules shows the installed page" man_shows bootperf-rules \
  "bootperf-rules - the activity rules file"
ok_if "the installed pages name the installed data's paths" page_names_installed_data
ok_if "bash-completion loads the installed completion on the first TAB" \
  completion_loads_on_demand
ok_if "make uninstall DESTDIR=... succeeds" make_in_builddir uninstall DESTDIR="$dest"
ok_if "make uninstall leaves no file behind" nothing_left

done_testing
