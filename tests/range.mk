# Tests of boot-benchmark-range.
