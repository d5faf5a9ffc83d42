# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of what the tools owe the user when things go wrong around them
# (issue 11): nothing they start outlives them, and no result is lost to a
# closed pipe, a full disk, a read-only file or a second run.
TESTS += tests/test-process.sh tests/test-outputs.sh tests/test-range-faults.sh
EXTRA_DIST += tests/test-process.sh tests/test-outputs.sh tests/test-range-faults.sh
