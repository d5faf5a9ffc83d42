# SPDX-License-Identifier: GPL-2.0-or-later
# The shared library every tool links: no main(), no printing policy.
noinst_LIBRARIES += common/libbootperf.a
common_libbootperf_a_SOURCES = \
	common/accel.c common/accel.h \
	common/appliance.c common/appliance.h \
	common/boot-target.c common/boot-target.h \
	common/kvm-probe.c common/kvm-probe.h \
	common/pass-runner.c common/pass-runner.h \
	common/guestfs-loader.c \
	common/bench-report.c common/bench-report.h \
	common/bench-run.c common/bench-run.h \
	common/bench-summary.c common/bench-summary.h \
	common/boot-options.c common/boot-options.h \
	common/csv.c common/csv.h \
	common/hostinfo.c common/hostinfo.h \
	common/interrupt.c common/interrupt.h \
	common/json-util.c common/json-util.h \
	common/model-json.c common/model-json.h \
	common/read-input.c common/read-input.h \
	common/output.c common/output.h \
	common/pass.c common/pass.h \
	common/process.c common/process.h \
	common/progress.c common/progress.h \
	common/stats.c common/stats.h \
	common/tool-error.c common/tool-error.h \
	common/events.h
# Direct kernel mode and --compare.
common_libbootperf_a_SOURCES += \
	common/boot-marks.c common/boot-marks.h \
	common/direct-boot.c common/direct-boot.h \
	common/direct-options.c common/direct-options.h \
	common/compare.c common/compare.h \
	common/compare-summary.c common/compare-summary.h \
	common/compare-report.c common/compare-report.h
# Areas that grow the library keep their own lists.
include common/analysis.mk
include common/svg.mk
include common/sequential.mk
