# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of the boot targets, the pass runner, direct kernel mode, the tiny init
# and --compare.
check_PROGRAMS += tests/test-compare
tests_test_compare_SOURCES = tests/test-compare.c tests/stand-in-target.c \
	tests/stand-in-target.h
tests_test_compare_LDADD = $(BOOTPERF_LIBS)
check_PROGRAMS += tests/test-boot-marks tests/test-kvm-probe tests/test-pass-runner \
	tests/test-direct-boot
tests_test_pass_runner_SOURCES = tests/test-pass-runner.c tests/stand-in-target.c \
	tests/stand-in-target.h
tests_test_pass_runner_LDADD = $(BOOTPERF_LIBS)
tests_test_boot_marks_SOURCES = tests/test-boot-marks.c
tests_test_boot_marks_LDADD = $(BOOTPERF_LIBS)
tests_test_kvm_probe_SOURCES = tests/test-kvm-probe.c
tests_test_kvm_probe_LDADD = $(BOOTPERF_LIBS)
tests_test_direct_boot_SOURCES = tests/test-direct-boot.c
tests_test_direct_boot_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-compare tests/test-boot-marks tests/test-kvm-probe tests/test-pass-runner \
	tests/test-direct-boot \
	tests/test-direct.sh
EXTRA_DIST += tests/test-direct.sh tests/data/capture-direct-tcg-1pass.jsonl.gz
