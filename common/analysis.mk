# SPDX-License-Identifier: GPL-2.0-or-later
# boot-analysis engine: capture, rules, activities, save/replay, text and JSON reports.
common_libbootperf_a_SOURCES += \
	common/events.c common/text-arena.c common/text-arena.h \
	common/heap-hint.c common/heap-hint.h \
	common/capture.c common/capture.h \
	common/printk-time.c common/printk-time.h \
	common/capture-io.c common/capture-io.h \
	common/event-line.c common/event-line.h \
	common/log-clocks.c common/log-clocks.h \
	common/replay.c common/replay.h \
	common/capture-run.c common/capture-run.h \
	common/rules.c common/rules.h \
	common/activity.c common/activity.h \
	common/analyse.c common/analyse.h
common_libbootperf_a_SOURCES += \
	common/report-timeline.c common/report-timeline.h
common_libbootperf_a_SOURCES += \
	common/report-analysis-json.c common/report-analysis-json.h
