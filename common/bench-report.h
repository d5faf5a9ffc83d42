/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-report.h: a boot-benchmark run (bench-run.h) and its statistics
 * (bench-summary.h) rendered three ways: the text report, JSON and CSV. */
#ifndef BOOTPERF_BENCH_REPORT_H
#define BOOTPERF_BENCH_REPORT_H

#include <stdio.h>
#include <glib.h>

#include "bench-run.h"
#include "bench-summary.h"

/* "Result: 568.2ms ±8.7ms": byte-compatible with the original tool. */
char *bench_result_line (const bench_summary *s);
void bench_report_text (FILE *out, const bench_run *run, const bench_summary *s);
/* After the text: a noisy run, a loaded host, a load that rose, TCG. */
void bench_report_warnings (FILE *out, const bench_run *run, const bench_summary *s);
char *bench_report_json (const bench_run *run, const bench_summary *s);
char *bench_report_csv (const bench_run *run);

/* Direct kernel mode pieces, also used by --compare's reports (their JSON:
 * model-json.h). */
void bench_phases_text (FILE *out, const GArray *phases);
void bench_marks_csv (GString *out, const boot_marks *m);      /* ",f,k,r,e"; m may be NULL */

#endif
