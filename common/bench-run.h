/* bench-run.h: running a boot-benchmark: warm-up passes, then measured
 * passes of the appliance or of a kernel booted directly, with progress on
 * the terminal.  The first failed pass stops the run. */
#ifndef BOOTPERF_BENCH_RUN_H
#define BOOTPERF_BENCH_RUN_H

#include "bench-report.h"

/* Fills run->passes.  Returns PASS_OK, or the failed pass's status with
 * *failure saying which pass and why (g_free it). */
pass_status bench_run_passes (bench_run *run, char **failure);

#endif
