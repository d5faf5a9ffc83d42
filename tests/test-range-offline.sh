#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-offline.sh: building offline, on a real meson project whose
# subproject foo would come from a git server (subprojects/foo.wrap), as
# QEMU's do, and which meson may not download (--wrap-mode=nodownload).
#   - without a copy of foo anywhere, the first build fails and the run stops
#     with one line naming subprojects/foo and how to provide it;
#   - with --source-cache DIR holding foo/, every commit builds;
#   - with foo left in the user's checkout (untracked, as a build there
#     leaves it), every commit builds, and the checkout is not touched.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"
command -v meson > /dev/null || skip_all "meson is not installed"
command -v ninja > /dev/null || skip_all "ninja is not installed"
command -v cc > /dev/null || skip_all "no C compiler"

repo=$tap_tmp/repo
git init -q "$repo"
commit () { range_commit_all "$repo" "$1"; }
mkdir -p "$repo/subprojects"
cat > "$repo/meson.build" <<'EOF'
project('p', 'c')
foo_dep = subproject('foo').get_variable('foo_dep')
executable('prog', 'main.c', dependencies: foo_dep)
EOF
printf '[wrap-git]\nurl = http://bootperf.invalid/foo.git\nrevision = head\ndirectory = foo\n' \
  > "$repo/subprojects/foo.wrap"
echo '/subprojects/foo/' > "$repo/.gitignore"
main () { printf '#include <stdio.h>\nint main (void) { printf ("%%d\\n", %d * FOO); return 0; }\n/* %s */\n' "$1" "$2" > "$repo/main.c"; }
main 1000 0; commit "commit 0: uses foo"
for k in 1 2 3 4; do
  ms=1000; [ "$k" -ge 3 ] && ms=1300
  main "$ms" "$k"; commit "commit $k: boot takes ${ms}ms"
done
changed=$(git -C "$repo" log --format=%H --grep='^commit 3:' -n 1)
range="$(git -C "$repo" rev-list --max-parents=0 HEAD)..HEAD"

# foo, as `meson subprojects download` would have fetched it.
foo=$tap_tmp/cache/foo
mkdir -p "$foo"
cat > "$foo/meson.build" <<'EOF'
project('foo', 'c')
foo_dep = declare_dependency(compile_args: ['-DFOO=1'])
EOF

bench=$tap_tmp/bench.sh
printf '#!/bin/sh\n"$BOOTPERF_ARTIFACTS/prog" > "$BOOTPERF_ARTIFACTS/boot_ms" || exit 1\nexec "%s"\n' \
  "$(range_fake_bench)" > "$bench"
chmod +x "$bench"
build='{ test -f b/build.ninja || meson setup --wrap-mode=nodownload b; } && ninja -C b && cp b/prog "$BOOTPERF_ARTIFACTS/"'
run () {
  local work=$1; shift
  range_status=0
  "$RANGE" --kind custom --build "$build" --benchmark "$bench" --threshold 10 --quiet \
    --workdir "$tap_tmp/$work" "$@" "$repo" "$range" > "$tap_tmp/out" 2> "$tap_tmp/err" \
    || range_status=$?
  sed 's/^/# /' "$tap_tmp/out" "$tap_tmp/err"
}

run none
ok_if "no copy of foo: the run stops at the first build (exit 1)" \
  test "$range_status" -eq 1 -a "$(find "$tap_tmp/none/logs" -name 'build*.log' | wc -l)" -eq 1
ok_if "no copy of foo: one line naming subprojects/foo and how to provide it" \
  test "$(wc -l < "$tap_tmp/err")" -eq 1 \
    -a -n "$(grep -F "failed, exit status 1: it needs subprojects/foo, which it would download: put a copy there in your checkout (meson subprojects download, git submodule update) or under --source-cache DIR; every commit would fail alike" "$tap_tmp/err")"

run cached --source-cache "$tap_tmp/cache"
ok_if "--source-cache: every commit builds, commit 3 is found (exit 0)" \
  test "$range_status" -eq 0 -a -n "$(grep "^Verdict: first change at ${changed:0:7}" "$tap_tmp/out")"
ok_if "--source-cache: the build log says where foo came from" \
  grep -rqF "boot-benchmark-range: provided subproject foo from $foo" "$tap_tmp/cached/logs"

cp -r "$foo" "$repo/subprojects/foo"
run checkout
ok_if "foo in the user's checkout: every commit builds (exit 0)" test "$range_status" -eq 0
ok_if "foo in the user's checkout: taken from there" \
  grep -rqF "boot-benchmark-range: provided subproject foo from $repo/subprojects/foo" "$tap_tmp/checkout/logs"
ok_if "foo in the user's checkout: the checkout is not touched" \
  test -z "$(git -C "$repo" status --porcelain)" -a ! -e "$repo/b"
done_testing
