/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report-svg.h: the boot analysis as an SVG Gantt chart, in the spirit of
 * systemd-analyze plot: one bar per activity at its mean start and mean
 * duration, children in rows under their parents, a millisecond axis; by
 * choice, the small activities folded into a row per kind under their
 * parent. */
#ifndef BOOTPERF_REPORT_SVG_H
#define BOOTPERF_REPORT_SVG_H

#include <glib.h>
#include "activity.h"

/* Bar fills, by kind of activity (exported so that tests can recognise them). */
#define REPORT_SVG_FILL_ACTIVITY "#8fb8e8"
#define REPORT_SVG_FILL_LONG "#d6dde6"
#define REPORT_SVG_FILL_FLAGGED "#f0824f"
#define REPORT_SVG_FILL_FOLDED "#9aa7b5"

/* Activities under this share of the run (percent) are folded by default
 * (report-svg-fold.h): the few dozen that matter keep rows of their own. */
#define REPORT_SVG_FOLD_PERCENT 0.5

typedef struct
{
  double fold_below_percent; /* 0: every activity gets a row of its own */
} report_svg_options;

/* The whole SVG document as a newly allocated UTF-8 string.  Always valid
 * XML, whatever bytes the activity names contain.  opts NULL: every
 * activity gets a row.  Free with g_free. */
char *report_svg_render (const boot_analysis *an, const report_svg_options *opts);

/* Render and write to path atomically.  Errors name the path and the cause. */
gboolean report_svg_write (const boot_analysis *an, const report_svg_options *opts,
                           const char *path, GError **error);

#endif
