# SPDX-License-Identifier: GPL-2.0-or-later
# Tests speak TAP (GLib test programs with --tap, shell scripts through tests/tap.sh).
# Each area keeps its own list so that work on one does not touch the others.
EXTRA_DIST += tests/tap.sh
include tests/benchmark.mk
include tests/analysis.mk
include tests/range.mk
include tests/svg.mk
include tests/hardening.mk
include tests/direct.mk
include tests/docs.mk
include tests/process.mk
include tests/sequential.mk
