/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compare-summary.h: the estimates of a boot-benchmark --compare run
 * (compare.h): each configuration's wall time, ready time and peak RSS over
 * its passes that succeeded, its paired difference from the first
 * configuration by round (interval, p-value and verdict of stats_paired),
 * and the reference's own drift.  The runner's looks and the reports
 * (compare-report.h) use these; nothing here boots or prints. */
#ifndef BOOTPERF_COMPARE_SUMMARY_H
#define BOOTPERF_COMPARE_SUMMARY_H

#include <glib.h>

#include "compare.h"
#include "stats.h"

typedef struct
{
  sample_summary wall_ms;  /* passes with status ok */
  sample_summary ready_ms; /* direct: exec -> ready marker */
  sample_summary rss_kib;
  GArray *phases;          /* bench_phase; direct only */
  gboolean compared;       /* FALSE for the first, or no complete round */
  stats_paired cmp;        /* against the first, at plan.look_alpha */
  stats_decision decision; /* against threshold_pct */
  double diff_sd_pct;      /* sd of the rounds' differences, percent; NAN: < 2 */
} compare_row;

/* One row per configuration, paired by round; free with compare_rows_free. */
GArray *compare_rows (const compare_run *run);
void compare_rows_free (GArray *rows);
/* "changed", "same" or "inconclusive". */
const char *compare_decision_name (stats_decision d);

typedef struct
{
  gboolean measured; /* enough rounds (4 or more) */
  double pct;        /* second half's mean against the first half's */
  double p_value;    /* Welch's t-test between the halves */
} compare_drift;

/* How the first configuration's own times moved from the first half of the
 * rounds to the second (the pairing absorbs what moves every configuration). */
void compare_reference_drift (const compare_run *run, compare_drift *out);

/* The level of each look's interval: the plan's, or before any plan the
 * whole alpha split over the comparisons (one look). */
double compare_look_alpha (const compare_run *run);

#endif
