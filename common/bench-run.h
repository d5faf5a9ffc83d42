/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-run.h: running a boot-benchmark: warm-up passes, then measured
 * passes of the appliance or of a kernel booted directly, with progress on
 * the terminal.  A fixed number of passes, or with --precision as many as
 * the stopping rule of sequential.h asks (passes_requested before the first
 * look, then one look after each pass, at most max_passes).  The host's
 * load is sampled after every pass.  The first failed pass stops the run. */
#ifndef BOOTPERF_BENCH_RUN_H
#define BOOTPERF_BENCH_RUN_H

#include "bench-report.h"

/* Fills run->passes and the results of the stopping rule and the noise
 * guard (bench_run's "filled by" members), saying what the guard finds
 * through run->notice.  Returns PASS_OK, or the failed pass's status with
 * *failure saying which pass and why (g_free it). */
pass_status bench_run_passes (bench_run *run, char **failure);

#endif
