# SVG Gantt report of a boot_analysis.
