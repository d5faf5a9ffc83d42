# Tests of the SVG report.
