/* bench-report.c: (being written) */
