# SPDX-License-Identifier: GPL-2.0-or-later
# The shared library every tool links: no main(), no printing policy.
# Its files by layer, in the order data flows (README, Layout).
noinst_LIBRARIES += common/libbootperf.a

# launch: what a pass boots, the one supervisor, the one pass loop.
common_libbootperf_a_SOURCES = \
	common/pass.c common/pass.h \
	common/process.c common/process.h \
	common/boot-target.c common/boot-target.h \
	common/appliance.c common/appliance.h \
	common/direct-boot.c common/direct-boot.h \
	common/kvm-probe.c common/kvm-probe.h \
	common/accel.c common/accel.h \
	common/pass-runner.c common/pass-runner.h \
	common/boot-options.c common/boot-options.h \
	common/direct-options.c common/direct-options.h \
	common/tool-error.c common/tool-error.h \
	common/guestfs-loader.c \
	common/interrupt.c common/interrupt.h \
	common/hostinfo.c common/hostinfo.h

# events: console lines and library events, stamped, saved and replayed.
common_libbootperf_a_SOURCES += \
	common/events.c common/events.h \
	common/capture.c common/capture.h \
	common/printk-time.c common/printk-time.h \
	common/boot-marks.c common/boot-marks.h \
	common/capture-run.c common/capture-run.h \
	common/capture-io.c common/capture-io.h \
	common/event-line.c common/event-line.h \
	common/text-arena.c common/text-arena.h \
	common/heap-hint.c common/heap-hint.h \
	common/read-input.c common/read-input.h \
	common/log-clocks.c common/log-clocks.h \
	common/replay.c common/replay.h

# activities: rules matched over events.
common_libbootperf_a_SOURCES += \
	common/rules.c common/rules.h \
	common/analyse.c common/analyse.h \
	common/activity.c common/activity.h

# statistics: estimates, stopping rules, the benchmark and --compare runs.
common_libbootperf_a_SOURCES += \
	common/stats.c common/stats.h \
	common/sequential.c common/sequential.h \
	common/bench-run.c common/bench-run.h \
	common/bench-summary.c common/bench-summary.h \
	common/compare.c common/compare.h \
	common/compare-summary.c common/compare-summary.h

# reports: every rendering of the model, and how files are written.
common_libbootperf_a_SOURCES += \
	common/model-json.c common/model-json.h \
	common/bench-report.c common/bench-report.h \
	common/compare-report.c common/compare-report.h \
	common/report-timeline.c common/report-timeline.h \
	common/report-analysis-json.c common/report-analysis-json.h \
	common/report-svg.c common/report-svg.h \
	common/report-svg-fold.c common/report-svg-fold.h \
	common/report-trace.c common/report-trace.h \
	common/csv.c common/csv.h \
	common/json-util.c common/json-util.h \
	common/output.c common/output.h \
	common/progress.c common/progress.h
