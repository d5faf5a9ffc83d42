# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of the SVG report.
check_PROGRAMS += tests/test-report-svg
tests_test_report_svg_SOURCES = tests/test-report-svg.c
tests_test_report_svg_LDADD = $(BOOTPERF_LIBS)
TESTS += tests/test-report-svg
TESTS += tests/test-svg-render.sh
EXTRA_DIST += tests/test-svg-render.sh docs/boot-analysis-tcg.png
# Tests of the Chrome trace export.
TESTS += tests/test-trace.sh
EXTRA_DIST += tests/test-trace.sh tests/check-trace.py
