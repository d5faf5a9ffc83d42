/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-summary.h: the statistics of a boot-benchmark run (bench-run.h):
 * wall time and qemu's peak RSS over the passes that succeeded, outliers by
 * modified z-score, and in direct kernel mode the phases between marks.
 * The reports (bench-report.h, compare-report.h) render these; they never
 * compute them. */
#ifndef BOOTPERF_BENCH_SUMMARY_H
#define BOOTPERF_BENCH_SUMMARY_H

#include <glib.h>

#include "bench-run.h"
#include "direct-boot.h"
#include "stats.h"

/* One phase of a direct boot, between two marks seen in the same pass
 * (when a mark is missing, as firmware output is with qboot, the phase
 * runs from the previous mark that was seen). */
typedef struct
{
  boot_mark from, to;
  sample_summary ms;
} bench_phase;

typedef struct
{
  sample_summary wall_ms; /* over passes with status ok */
  sample_summary rss_kib; /* over passes with a known peak RSS */
  GArray *outliers;       /* guint: 1-based pass numbers */
  GArray *outlier_z;      /* double: their modified z-scores */
  GArray *phases;         /* bench_phase, direct mode only (else empty) */
} bench_summary;

void bench_summarise (const bench_run *run, bench_summary *out);
void bench_summary_clear (bench_summary *s);

/* Direct kernel mode: the phases of n passes' marks, in boot order (bench_phase);
 * also used by --compare. */
GArray *bench_phases_summarise (const boot_marks *marks, guint n); /* bench_phase */

#endif
