# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of direct kernel mode, the tiny init and --compare.
check_PROGRAMS += tests/test-compare
tests_test_compare_SOURCES = tests/test-compare.c
tests_test_compare_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-compare tests/test-direct.sh
EXTRA_DIST += tests/test-direct.sh
