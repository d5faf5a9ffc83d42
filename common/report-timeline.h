/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report-timeline.h: the text report of boot-analysis, in the original's
 * style: a timeline with a row per distinct start/end time and a column per
 * open activity (▲ starts, │ continues, ▼ ends), then the longest activities,
 * the host clock against the guest's printk clock, and unmatched rules. */
#ifndef BOOTPERF_REPORT_TIMELINE_H
#define BOOTPERF_REPORT_TIMELINE_H

#include <glib.h>
#include "activity.h"

typedef struct
{
  gboolean colour;         /* ANSI colours (the caller decides: terminal or --colour) */
  guint top;               /* longest activities to list; 0: all */
  event_clock usual_clock; /* set by the report itself: the clock not named per line */
} timeline_options;

void report_timeline_append (GString *out, const boot_analysis *an,
                             const timeline_options *opts);

/* "12.3ms ±0.4ms (1.5%)"; the ± part only when there is a spread to show;
 * "no clock" when nothing timed it. */
void report_timeline_append_duration (GString *out, const activity *a);

#endif
