# SPDX-License-Identifier: GPL-2.0-or-later
# Hardening (README, "What is checked"): limits on what a guest can make the
# tools keep, fault tests, and the fuzz targets of tests/fuzz.  The fuzz
# targets also build without libFuzzer, as tests that run their seed corpora
# and the reproducers of every bug they found.
check_PROGRAMS += tests/test-capture-limits
tests_test_capture_limits_SOURCES = tests/test-capture-limits.c
tests_test_capture_limits_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-capture-limits

# Fuzz targets: one program per input the tools read from outside.
FUZZ_TARGETS = \
	tests/fuzz/fuzz-capture-chunks \
	tests/fuzz/fuzz-printk-time \
	tests/fuzz/fuzz-rules-load \
	tests/fuzz/fuzz-replay-jsonl \
	tests/fuzz/fuzz-replay-log \
	tests/fuzz/fuzz-range-cache
if ENABLE_FUZZING
# libFuzzer brings main(); the targets are built by `make fuzz-targets`.
noinst_PROGRAMS += $(FUZZ_TARGETS)
FUZZ_DRIVER =
FUZZER_LINK_FLAGS = -fsanitize=fuzzer
else
check_PROGRAMS += $(FUZZ_TARGETS)
noinst_LIBRARIES += tests/fuzz/libfuzzstandalone.a
tests_fuzz_libfuzzstandalone_a_SOURCES = tests/fuzz/fuzz-standalone.c tests/fuzz/fuzz.h
FUZZ_DRIVER = tests/fuzz/libfuzzstandalone.a
FUZZER_LINK_FLAGS =
endif
fuzz-targets: $(FUZZ_TARGETS)
.PHONY: fuzz-targets
tests_fuzz_fuzz_capture_chunks_SOURCES = tests/fuzz/fuzz-capture-chunks.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_capture_chunks_LDFLAGS = $(FUZZER_LINK_FLAGS)
tests_fuzz_fuzz_capture_chunks_LDADD = $(FUZZ_DRIVER) $(BOOTPERF_LIBS)
tests_fuzz_fuzz_printk_time_SOURCES = tests/fuzz/fuzz-printk-time.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_printk_time_LDFLAGS = $(FUZZER_LINK_FLAGS)
tests_fuzz_fuzz_printk_time_LDADD = $(FUZZ_DRIVER) $(BOOTPERF_LIBS)
tests_fuzz_fuzz_rules_load_SOURCES = tests/fuzz/fuzz-rules-load.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_rules_load_LDFLAGS = $(FUZZER_LINK_FLAGS)
tests_fuzz_fuzz_rules_load_LDADD = $(FUZZ_DRIVER) $(BOOTPERF_LIBS)
tests_fuzz_fuzz_replay_jsonl_SOURCES = tests/fuzz/fuzz-replay-jsonl.c tests/fuzz/fuzz.h \
	tests/fuzz/fuzz-reports.c tests/fuzz/fuzz-reports.h
tests_fuzz_fuzz_replay_jsonl_LDFLAGS = $(FUZZER_LINK_FLAGS)
tests_fuzz_fuzz_replay_jsonl_LDADD = $(FUZZ_DRIVER) $(BOOTPERF_LIBS)
tests_fuzz_fuzz_replay_log_SOURCES = tests/fuzz/fuzz-replay-log.c tests/fuzz/fuzz.h \
	tests/fuzz/fuzz-reports.c tests/fuzz/fuzz-reports.h
tests_fuzz_fuzz_replay_log_LDFLAGS = $(FUZZER_LINK_FLAGS)
tests_fuzz_fuzz_replay_log_LDADD = $(FUZZ_DRIVER) $(BOOTPERF_LIBS)
tests_fuzz_fuzz_range_cache_SOURCES = tests/fuzz/fuzz-range-cache.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_range_cache_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/boot-benchmark-range
tests_fuzz_fuzz_range_cache_LDFLAGS = $(FUZZER_LINK_FLAGS)
tests_fuzz_fuzz_range_cache_LDADD = $(FUZZ_DRIVER) $(RANGE_LIBS)

# Every target over its seed corpus and its regression inputs.
TESTS += tests/fuzz/test-fuzz-inputs.sh
EXTRA_DIST += tests/fuzz/test-fuzz-inputs.sh tests/fuzz/README tests/fuzz/corpus \
	tests/fuzz/regressions

# Faults that really happen (two real TCG boots and a half, unless
# BOOTPERF_SKIP_BOOT is set).
TESTS += tests/test-faults.sh
EXTRA_DIST += tests/test-faults.sh

# A guest flooding its console (a replay, then one real TCG boot through a
# flooding stand-in hypervisor, unless BOOTPERF_SKIP_BOOT is set).
TESTS += tests/test-console-flood.sh
EXTRA_DIST += tests/test-console-flood.sh tests/cppcheck/bootperf.cfg

# What is read from outside (JSON, captures, gzip) and JSON numbers written.
check_PROGRAMS += tests/test-json-util
tests_test_json_util_SOURCES = tests/test-json-util.c
tests_test_json_util_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-json-util
check_PROGRAMS += tests/test-report-timeline
tests_test_report_timeline_SOURCES = tests/test-report-timeline.c
tests_test_report_timeline_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-report-timeline

# boot-analysis --replay of hostile captures and logs.
TESTS += tests/test-replay-hostile.sh
EXTRA_DIST += tests/test-replay-hostile.sh
