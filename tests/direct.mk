# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of direct kernel mode, the tiny init and --compare.
check_PROGRAMS += tests/test-compare
tests_test_compare_SOURCES = tests/test-compare.c
tests_test_compare_LDADD = $(BOOTPERF_LIBS)
check_PROGRAMS += tests/test-boot-marks
tests_test_boot_marks_SOURCES = tests/test-boot-marks.c
tests_test_boot_marks_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-compare tests/test-boot-marks tests/test-direct.sh
EXTRA_DIST += tests/test-direct.sh tests/data/capture-direct-tcg-1pass.jsonl.gz
