# Benchmarks: run by hand (see README), never as pass/fail tests.
EXTRA_DIST += bench/overhead.sh
