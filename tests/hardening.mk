# Hardening (README, "What is checked"): limits on what a guest can make the
# tools keep, fault tests, and the fuzz targets of tests/fuzz.  The fuzz
# targets also build without libFuzzer, as tests that run their seed corpora
# and the reproducers of every bug they found.
check_PROGRAMS += tests/test-capture-limits
tests_test_capture_limits_SOURCES = tests/test-capture-limits.c
tests_test_capture_limits_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-capture-limits
