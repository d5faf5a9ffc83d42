# SPDX-License-Identifier: GPL-2.0-or-later
# Sequential passes: boot-benchmark's stopping rules and noise guard.
common_libbootperf_a_SOURCES += common/sequential.c common/sequential.h
