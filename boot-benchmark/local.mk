# SPDX-License-Identifier: GPL-2.0-or-later
bin_PROGRAMS += boot-benchmark/boot-benchmark
boot_benchmark_boot_benchmark_SOURCES = boot-benchmark/boot-benchmark.c \
	boot-benchmark/bench-options.c boot-benchmark/bench-options.h
boot_benchmark_boot_benchmark_LDADD = $(BOOTPERF_LIBS)
