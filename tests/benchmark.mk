# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of the foundation and boot-benchmark.
check_PROGRAMS += tests/test-stats
tests_test_stats_SOURCES = tests/test-stats.c
tests_test_stats_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-stats
TESTS += tests/test-boot-benchmark-e2e.sh
EXTRA_DIST += tests/test-boot-benchmark-e2e.sh

check_PROGRAMS += tests/test-bench-report tests/test-output
tests_test_bench_report_SOURCES = tests/test-bench-report.c
tests_test_bench_report_LDADD = $(BOOTPERF_LIBS)
tests_test_output_SOURCES = tests/test-output.c
tests_test_output_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-bench-report tests/test-output tests/test-boot-benchmark-options.sh
EXTRA_DIST += tests/test-boot-benchmark-options.sh
TESTS += tests/test-locale.sh
EXTRA_DIST += tests/test-locale.sh
