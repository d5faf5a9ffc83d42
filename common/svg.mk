# SVG Gantt report of a boot_analysis.
common_libbootperf_a_SOURCES += common/report-svg.c common/report-svg.h
