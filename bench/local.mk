# SPDX-License-Identifier: GPL-2.0-or-later
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
# How often the range bisection names the right commit under noise: the real
# search and verdict code over a seeded in-process stand-in benchmark.
EXTRA_PROGRAMS += bench/range-sim
bench_range_sim_SOURCES = bench/range-sim.c
bench_range_sim_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/boot-benchmark-range
bench_range_sim_LDADD = $(RANGE_LIBS)
CLEANFILES += bench/range-sim
# boot-benchmark-range end to end on Debian's QEMU 7.2 with real TCG boots
# (by hand, as root, hours: see boot-benchmark-range/README.md).
EXTRA_DIST += bench/range-debian-qemu.sh
