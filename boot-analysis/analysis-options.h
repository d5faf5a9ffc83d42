/* SPDX-License-Identifier: GPL-2.0-or-later */
/* analysis-options.h: boot-analysis's command line: the shared boot and
 * direct options, the rules, the reports and their outputs, --save and
 * --replay, and the rules between them.  Errors are usage errors
 * (tool-error.h) naming the option, except an output that cannot be
 * written (exit 1). */
#ifndef BOOTPERF_ANALYSIS_OPTIONS_H
#define BOOTPERF_ANALYSIS_OPTIONS_H

#include <glib.h>

#include "boot-options.h"
#include "direct-options.h"

typedef struct
{
  boot_options boot;
  direct_options direct;
  accel_kind accel;   /* --accel */
  gboolean version;   /* --version: print it, nothing else */
  gboolean colour;    /* --colour */
  gboolean no_colour; /* --no-colour */
  char *rules;        /* --rules FILE, or NULL: the shipped rules */
  int top;            /* longest activities listed; 0: all */
  char *json;         /* outputs, or NULL */
  char *svg;
  gboolean svg_all;
  char *trace;
  gboolean trace_lines;
  char *save;
  char *replay; /* analyse this file instead of booting */
} analysis_options;

/* Parse argv into *o (cleared first; analysis_options_clear it in every case). */
gboolean analysis_options_parse (analysis_options *o, int argc, char **argv,
                                 GError **error);
void analysis_options_clear (analysis_options *o);

/* Before anything boots: every output can be written (else exit 1). */
gboolean analysis_options_check_outputs (const analysis_options *o, GError **error);

#endif
