# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of the stopping rules, the noise guard and the sequential pass loops.
check_PROGRAMS += tests/test-sequential
tests_test_sequential_SOURCES = tests/test-sequential.c tests/stand-in-target.c \
	tests/stand-in-target.h
tests_test_sequential_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-sequential
TESTS += tests/test-sequential-e2e.sh
EXTRA_DIST += tests/test-sequential-e2e.sh
