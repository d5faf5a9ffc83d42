# SPDX-License-Identifier: GPL-2.0-or-later
# tap.sh: sourced by the shell tests; prints TAP for automake's tap-driver.
#   ok_if DESCRIPTION COMMAND...   one test point: passes when COMMAND exits 0
#   skip_all REASON                the whole script is skipped
#   done_testing                   prints the plan; exit status 0
# $top_srcdir and $top_builddir come from the test environment.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
tap_count=0
tap_failed=0
tap_tmp=$(mktemp -d "${TMPDIR:-/tmp}/bootperf-test.XXXXXX")
trap 'rm -rf "$tap_tmp"' EXIT

ok_if () {
  local desc=$1; shift
  tap_count=$((tap_count + 1))
  if "$@"; then
    echo "ok $tap_count - $desc"
  else
    echo "not ok $tap_count - $desc"
    tap_failed=$((tap_failed + 1))
  fi
}

# note TEXT: diagnostic lines, shown in the test's log (each line gets '# ',
# so a multi-line TEXT cannot be taken for a test point)
note () { printf '%s\n' "$*" | sed 's/^/# /'; }

skip_all () { echo "1..0 # SKIP $*"; exit 0; }

done_testing () { echo "1..$tap_count"; exit 0; }
