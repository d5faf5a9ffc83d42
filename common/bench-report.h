/* bench-report.h */
