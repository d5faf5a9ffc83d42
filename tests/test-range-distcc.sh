#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# test-range-distcc.sh: builds sent to a distributed compiler through the
# build command, as the README's "More than one machine" shows: a distccd on
# 127.0.0.1 (a network host to distcc, unlike "localhost") stands for the
# build farm; DISTCC_FALLBACK=0 makes a compile that cannot go there fail
# instead of running here.  A real C project of three sources, +30% from
# commit 3.  Checks: the bisection finds commit 3, and every compile of
# every build was done by the distccd.
. "${top_srcdir:-$(dirname "$0")/..}/tests/tap.sh"
. "$top_srcdir/tests/test-range-lib.sh"
command -v distcc > /dev/null || skip_all "distcc is not installed"
command -v distccd > /dev/null || skip_all "distccd is not installed"
command -v cc > /dev/null || skip_all "no C compiler"

# A free port: bind 0 and read it back.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
[ -n "$port" ] || skip_all "no free port"
distccd --daemon --no-detach --listen 127.0.0.1 --allow 127.0.0.1 --port "$port" \
  --jobs 2 --log-stderr --log-level info --user nobody 2> "$tap_tmp/distccd.log" &
daemon=$!
trap 'kill "$daemon" 2> /dev/null; wait "$daemon" 2> /dev/null; rm -rf "$tap_tmp"' EXIT
for _ in $(seq 50); do
  (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break
  sleep 0.1
done

repo=$tap_tmp/repo
git init -q "$repo"
commit () { range_commit_all "$repo" "$1"; }
printf 'int f1 (void) { return 1; }\n' > "$repo/a1.c"
printf 'int f2 (void) { return 2; }\n' > "$repo/a2.c"
main () { printf '#include <stdio.h>\nint main (void) { printf ("%%d\\n", %d); return 0; }\n/* %s */\n' "$1" "$2" > "$repo/a0.c"; }
cat > "$repo/Makefile" <<'EOF'
prog: a0.o a1.o a2.o
	$(CC) -o $@ a0.o a1.o a2.o
%.o: %.c
	$(CC) -c -o $@ $<
EOF
main 1000 0; commit "commit 0"
for k in 1 2 3 4 5; do
  ms=1000; [ "$k" -ge 3 ] && ms=1300
  main "$ms" "$k"; [ "$k" -eq 2 ] && echo '/* 2 */' >> "$repo/a1.c"
  commit "commit $k: boot takes ${ms}ms"
done
changed=$(git -C "$repo" log --format=%H --grep='^commit 3:' -n 1)

bench=$tap_tmp/bench.sh
printf '#!/bin/sh\n"$BOOTPERF_ARTIFACTS/prog" > "$BOOTPERF_ARTIFACTS/boot_ms" || exit 1\nexec "%s"\n' \
  "$(range_fake_bench)" > "$bench"
chmod +x "$bench"
export DISTCC_HOSTS="127.0.0.1:$port/2" DISTCC_FALLBACK=0 DISTCC_DIR=$tap_tmp/distcc
mkdir -p "$DISTCC_DIR"
status=0
"$RANGE" --kind custom --threshold 10 --quiet --workdir "$tap_tmp/work" \
  --build 'make -j4 CC="distcc cc" prog && cp prog "$BOOTPERF_ARTIFACTS/"' \
  --benchmark "$bench" "$repo" "$(git -C "$repo" rev-list --max-parents=0 HEAD)..HEAD" \
  > "$tap_tmp/out" 2> "$tap_tmp/err" || status=$?
sed 's/^/# /' "$tap_tmp/out" "$tap_tmp/err"
kill "$daemon" 2> /dev/null
wait "$daemon" 2> /dev/null
compiles=$(cat "$tap_tmp"/work/logs/*/build*.log | grep -c ' -c -o ')
served=$(grep -c 'COMPILE_OK' "$tap_tmp/distccd.log")
note "compiles in the build logs: $compiles; done by distccd: $served"
ok_if "the bisection through distcc finds commit 3 (exit 0)" \
  test "$status" -eq 0 -a -n "$(grep "^Verdict: first change at ${changed:0:7}" "$tap_tmp/out")"
ok_if "every compile went to the distccd" test "$compiles" -gt 3 -a "$served" -eq "$compiles"
done_testing
