# Tests of boot-analysis.
check_PROGRAMS += tests/test-capture
tests_test_capture_SOURCES = tests/test-capture.c
tests_test_capture_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-capture
check_PROGRAMS += tests/test-rules
tests_test_rules_SOURCES = tests/test-rules.c
tests_test_rules_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-rules
