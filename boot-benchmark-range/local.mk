# SPDX-License-Identifier: GPL-2.0-or-later
# boot-benchmark-range: a thin main over a small library of its own
# (git, builds, cache, verdicts, bisect/sweep, reports), which the unit tests
# link as well.
noinst_LIBRARIES += boot-benchmark-range/librange.a
boot_benchmark_range_librange_a_SOURCES = \
	boot-benchmark-range/range.h \
	boot-benchmark-range/artifacts.c \
	boot-benchmark-range/bisect.c \
	boot-benchmark-range/build.c \
	boot-benchmark-range/build-failure.c \
	boot-benchmark-range/cache.c \
	boot-benchmark-range/commit.c \
	boot-benchmark-range/git.c \
	boot-benchmark-range/judge.c \
	boot-benchmark-range/lock.c \
	boot-benchmark-range/measure.c \
	boot-benchmark-range/options.c \
	boot-benchmark-range/report-export.c \
	boot-benchmark-range/report-text.c \
	boot-benchmark-range/search.c \
	boot-benchmark-range/session.c \
	boot-benchmark-range/sources.c \
	boot-benchmark-range/spawn.c \
	boot-benchmark-range/sweep.c \
	boot-benchmark-range/verdict.c
RANGE_LIBS = boot-benchmark-range/librange.a $(BOOTPERF_LIBS)

bin_PROGRAMS += boot-benchmark-range/boot-benchmark-range
boot_benchmark_range_boot_benchmark_range_SOURCES = boot-benchmark-range/boot-benchmark-range.c
boot_benchmark_range_boot_benchmark_range_LDADD = $(RANGE_LIBS)
EXTRA_DIST += boot-benchmark-range/README.md
