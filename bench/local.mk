# Benchmarks: run by hand (see README), never as pass/fail tests.
EXTRA_DIST += bench/overhead.sh
# Replay analysis speed (events/s) against the original's approach.
EXTRA_PROGRAMS = bench/replay-speed
bench_replay_speed_SOURCES = bench/replay-speed.c
bench_replay_speed_LDADD = $(BOOTPERF_LIBS)
EXTRA_DIST += bench/replay-speed.sh
CLEANFILES += bench/replay-speed
# Commits benchmarked and time, boot-benchmark-range --bisect against --sweep.
EXTRA_DIST += bench/range-bisect-vs-sweep.sh
