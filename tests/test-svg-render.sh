#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# test-svg-render.sh: the SVG of the committed 3-pass capture, rendered by
# librsvg as a viewer would: it renders, it fits in about a screen, the
# activities that matter (run, kernel, /init, udev, guestfsd, shutdown) have
# rows and bars of their own, and every other activity is counted in a fold
# shown in the row of its nearest drawn ancestor; --svg-all draws all 800.  The picture in docs/ is this rendering.
. "$top_srcdir/tests/tap.sh"

ba="$top_builddir/boot-analysis/boot-analysis"
capture="$top_srcdir/tests/data/capture-tcg-3passes.jsonl.gz"
[ -x "$ba" ] || skip_all "$ba not built"
command -v rsvg-convert >/dev/null || skip_all "rsvg-convert not found (apt-get install librsvg2-bin)"
command -v jq >/dev/null || skip_all "jq not found"

svg="$tap_tmp/boot.svg"
all_svg="$tap_tmp/all.svg"

# png_size PNG: "WIDTH HEIGHT" from the PNG's IHDR chunk.
png_size () {
  od -A n -t u1 -j 16 -N 8 "$1" \
    | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}

# renders SVG PNG: librsvg renders it without a word on stderr.
renders () {
  rsvg-convert "$1" -o "$2" 2>"$tap_tmp/rsvg.err" || return 1
  sed 's/^/#   /' "$tap_tmp/rsvg.err"
  [ ! -s "$tap_tmp/rsvg.err" ] && [ -s "$2" ]
}

# fits PNG MAX-WIDTH MAX-HEIGHT
fits () {
  set -- $(png_size "$1") "$2" "$3"
  note "rendered: $1 x $2 pixels"
  [ "$1" -gt 0 ] && [ "$1" -le "$3" ] && [ "$2" -gt 0 ] && [ "$2" -le "$4" ]
}

# bar_width SVG NAME: the width of NAME's own bar (the rect after its
# tooltip, whose first line is the name), or nothing.
bar_width () {
  awk -v want="<title>$2" '
    $0 == want { found = 1; next }
    found && /<rect class="bar"/ { match($0, /width="[0-9.]+"/);
      print substr($0, RSTART + 7, RLENGTH - 8); exit }' "$1"
}

# stands_out SVG: each activity that matters has a bar at least 10 px wide.
stands_out () {
  for name in run kernel /init /init:udev-overhead guestfsd shutdown; do
    width=$(bar_width "$1" "$name")
    note "$name: bar ${width:-missing} px"
    [ -n "$width" ] || return 1
    awk -v w="$width" 'BEGIN { exit !(w >= 10) }' || return 1
  done
}

# counted SVG N: N activities, each with a bar or as a mark in a fold.
counted () {
  bars=$(grep -c '^<g class="activity">' "$1")
  marks=$(grep -o 'class="fold-members" fill="[^"]*" d="[^"]*"' "$1" | sed 's/.* d=//' \
    | tr -cd 'M' | wc -c)
  note "$bars bars and $marks folded marks for $2 activities"
  [ $((bars + marks)) -eq "$2" ]
}

ok_if "boot-analysis --replay CAPTURE --svg FILE" \
  sh -c '"$1" --replay "$2" --svg "$3" --json "$4" >/dev/null' _ "$ba" "$capture" "$svg" \
  "$tap_tmp/boot.json"
n=$(jq '.activities | length' "$tap_tmp/boot.json")
note "$n activities in the capture"
ok_if "the capture has hundreds of activities" test "${n:-0}" -gt 700
ok_if "librsvg renders the default SVG" renders "$svg" "$tap_tmp/boot.png"
ok_if "it fits in 1800 x 1200 pixels" fits "$tap_tmp/boot.png" 1800 1200
ok_if "run, kernel, /init, udev, guestfsd and shutdown have bars of their own" \
  stands_out "$svg"
ok_if "at most 45 rows" test "$(grep -c '^<g class="activity">' "$svg")" -le 45
ok_if "every activity is drawn or counted in a fold" counted "$svg" "$n"
ok_if "the initcalls are folded with a count and a total" \
  grep -q -E 'class="fold-label"[^>]*>\+ [0-9]+ [^<]*under [0-9.]+ms each: [0-9.]+ms \([0-9.]+%\)[^<]*[0-9]+ initcalls' "$svg"

ok_if "--svg-all: every activity has a row" \
  sh -c '"$1" --replay "$2" --svg "$3" --svg-all >/dev/null \
    && [ "$(grep -c "^<g class=\"activity\">" "$3")" -eq "$4" ] \
    && ! grep -q "class=\"fold" "$3"' _ "$ba" "$capture" "$all_svg" "$n"
ok_if "librsvg renders the --svg-all SVG" renders "$all_svg" "$tap_tmp/all.png"
ok_if "--svg-all without --svg is a usage error" \
  sh -c '"$1" --replay "$2" --svg-all >/dev/null 2>&1; [ $? -eq 2 ]' _ "$ba" "$capture"

# same_size A B: two PNGs of the same dimensions.
same_size () {
  note "$(png_size "$1") against $(png_size "$2")"
  [ "$(png_size "$1")" = "$(png_size "$2")" ]
}
ok_if "docs/boot-analysis-tcg.png is this rendering (same size)" \
  same_size "$top_srcdir/docs/boot-analysis-tcg.png" "$tap_tmp/boot.png"

done_testing
