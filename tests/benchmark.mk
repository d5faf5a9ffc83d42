# Tests of the foundation and boot-benchmark.
check_PROGRAMS += tests/test-stats
tests_test_stats_SOURCES = tests/test-stats.c
tests_test_stats_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-stats
