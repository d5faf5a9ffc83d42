# SPDX-License-Identifier: GPL-2.0-or-later
# SVG Gantt report of a boot_analysis.
common_libbootperf_a_SOURCES += common/report-svg.c common/report-svg.h \
	common/report-svg-fold.c common/report-svg-fold.h
# Chrome trace event JSON (Perfetto, chrome://tracing) of the analysed passes.
common_libbootperf_a_SOURCES += common/report-trace.c common/report-trace.h
