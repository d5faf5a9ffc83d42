#!/bin/sh
# replay-speed.sh: replay analysis speed in events/s on a large capture (100
# passes repeated from the committed real capture), against the original's
# substring-search approach.  Run from the build directory:
#   sh $srcdir/bench/replay-speed.sh [PASSES]
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
passes=${1:-100}
make -s bench/replay-speed >/dev/null
exec ./bench/replay-speed "$srcdir/tests/data/capture-tcg-3passes.jsonl.gz" "$passes" \
  "$srcdir/data/activities.rules"
