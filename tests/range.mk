# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of boot-benchmark-range.
# Unit tests (GLib, --tap) of the cache and of sample parsing and verdicts;
# shell tests drive the program over synthetic git repositories with a
# stand-in benchmark (tests/test-range-lib.sh), and one boots for real.
RANGE_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/boot-benchmark-range
check_PROGRAMS += tests/test-range-cache tests/test-range-samples tests/test-range-search
tests_test_range_cache_SOURCES = tests/test-range-cache.c
tests_test_range_cache_CPPFLAGS = $(RANGE_TEST_CPPFLAGS)
tests_test_range_cache_LDADD = $(RANGE_LIBS)
tests_test_range_samples_SOURCES = tests/test-range-samples.c
tests_test_range_samples_CPPFLAGS = $(RANGE_TEST_CPPFLAGS)
tests_test_range_samples_LDADD = $(RANGE_LIBS)
tests_test_range_search_SOURCES = tests/test-range-search.c
tests_test_range_search_CPPFLAGS = $(RANGE_TEST_CPPFLAGS)
tests_test_range_search_LDADD = $(RANGE_LIBS)

RANGE_SHELL_TESTS = \
	tests/test-range-bisect.sh \
	tests/test-range-sweep.sh \
	tests/test-range-nochange.sh \
	tests/test-range-bad-input.sh \
	tests/test-range-resume.sh \
	tests/test-range-e2e.sh \
	tests/test-range-kinds.sh \
	tests/test-range-tree.sh \
	tests/test-range-build-failures.sh \
	tests/test-range-offline.sh \
	tests/test-range-judge.sh \
	tests/test-range-distcc.sh \
	tests/test-range-ccache.sh \
	tests/test-range-version.sh \
	tests/test-range-kernel-e2e.sh
TESTS += tests/test-range-cache tests/test-range-samples tests/test-range-search \
	$(RANGE_SHELL_TESTS)
EXTRA_DIST += $(RANGE_SHELL_TESTS) tests/test-range-lib.sh
