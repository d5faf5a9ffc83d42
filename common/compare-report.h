/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compare-report.h: a boot-benchmark --compare run (compare.h) and its
 * estimates (compare-summary.h) rendered as the text table, JSON and CSV. */
#ifndef BOOTPERF_COMPARE_REPORT_H
#define BOOTPERF_COMPARE_REPORT_H

#include <stdio.h>
#include <glib.h>

#include "compare-summary.h"
#include "compare.h"

void compare_report_text (FILE *out, const compare_run *run, const GArray *rows);
char *compare_report_json (const compare_run *run, const GArray *rows);
char *compare_report_csv (const compare_run *run);

#endif
