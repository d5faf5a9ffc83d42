/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-options.h: boot-benchmark's command line: the shared boot and
 * direct options, the outputs, --precision and --compare with their own,
 * and every rule between them.  Errors are usage errors (tool-error.h)
 * naming the option, except an output that cannot be written (exit 1). */
#ifndef BOOTPERF_BENCH_OPTIONS_H
#define BOOTPERF_BENCH_OPTIONS_H

#include <glib.h>

#include "boot-options.h"
#include "direct-options.h"

typedef struct
{
  boot_options boot;
  direct_options direct;
  accel_kind accel; /* --accel */
  gboolean version; /* --version: print it, nothing else */
  char *json;       /* outputs, or NULL */
  char *csv;
  gboolean compare; /* --compare (or --config, --compare-file) */
  char **configs;   /* --config NAME=OPTIONS */
  char *compare_file;
  double alpha;
  double precision_pct; /* 0: a fixed number of passes */
  int max_passes;       /* with --precision or --compare */
  double threshold_pct; /* --compare */
  guint32 seed;         /* --compare: the rounds' order */
  char *test;           /* --test, gone: refused */
} bench_options;

/* Parse argv into *o (cleared first; bench_options_clear it in every case). */
gboolean bench_options_parse (bench_options *o, int argc, char **argv, GError **error);
void bench_options_clear (bench_options *o);

/* Before anything boots: the outputs can be written (else exit 1) and none
 * of them names an input or another output (a usage error). */
gboolean bench_options_check_outputs (const bench_options *o, GError **error);

#endif
