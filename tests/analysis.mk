# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of boot-analysis.
check_PROGRAMS += tests/test-capture
tests_test_capture_SOURCES = tests/test-capture.c
tests_test_capture_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-capture
check_PROGRAMS += tests/test-rules
tests_test_rules_SOURCES = tests/test-rules.c
tests_test_rules_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-rules
check_PROGRAMS += tests/test-analysis-golden
tests_test_analysis_golden_SOURCES = tests/test-analysis-golden.c
tests_test_analysis_golden_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-analysis-golden
check_PROGRAMS += tests/test-event-line
tests_test_event_line_SOURCES = tests/test-event-line.c
tests_test_event_line_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-event-line
check_PROGRAMS += tests/test-text-arena
tests_test_text_arena_SOURCES = tests/test-text-arena.c
tests_test_text_arena_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-text-arena
check_PROGRAMS += tests/test-realworld
tests_test_realworld_SOURCES = tests/test-realworld.c
tests_test_realworld_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-realworld
EXTRA_DIST += tests/data/realworld
TESTS += tests/test-replay-realworld.sh
EXTRA_DIST += tests/test-replay-realworld.sh
EXTRA_DIST += tests/data/capture-tcg-3passes.jsonl.gz \
	tests/data/guestfish-verbose-debian12-tcg.log
TESTS += tests/test-boot-analysis.sh
EXTRA_DIST += tests/test-boot-analysis.sh
TESTS += tests/test-boot-analysis-partial.sh
EXTRA_DIST += tests/test-boot-analysis-partial.sh
