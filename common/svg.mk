# SVG Gantt report of a boot_analysis.
common_libbootperf_a_SOURCES += common/report-svg.c common/report-svg.h \
	common/report-svg-fold.c common/report-svg-fold.h
