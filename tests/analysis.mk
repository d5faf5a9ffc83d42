# Tests of boot-analysis.
