/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report-trace.h: the analysed passes as a Chrome trace (the JSON "Trace
 * Event Format" that Perfetto and chrome://tracing open).
 *
 * One process per pass (pid = pass + 1), named "pass N of M".  Each
 * activity timed in the pass is a complete event ("ph":"X"), "ts" and "dur"
 * in whole microseconds since the pass's launch, on the tracks (threads) of
 * the clock that timed it: "host clock" (host arrival, libguestfs's stamps),
 * "guest clock" (the kernel's printk stamps and its own durations), "guest
 * uptime clock".  Where the console lines carry both the host's arrival time
 * and the kernel's printk stamp (a capture), an activity the host timed
 * whose two lines both have a stamp is drawn on the guest clock too, placed
 * where guest time 0 fell on the host clock.  A track only holds properly
 * nested slices: activities that overlap without one holding the other go
 * to the clock's next track ("host clock 2", ...).  An activity matched
 * without a duration (no clock, or failed) is an instant event ("ph":"i") on
 * a track of its own.  On request, every console line is an instant event
 * on a console track.  Every string is valid UTF-8. */
#ifndef BOOTPERF_REPORT_TRACE_H
#define BOOTPERF_REPORT_TRACE_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include "activity.h"
#include "rules.h"

typedef struct
{
  gboolean console_lines; /* an instant event per console line */
} report_trace_options;

/* The trace of an analysis.  passes are the events it was made from
 * (pass_events *, index = the activities' span index) and rules the rules it
 * was made with, to find the lines that began and ended each activity. */
JsonNode *report_trace_build (const boot_analysis *an, const GPtrArray *passes,
                              const rule_set *rules, const report_trace_options *opts);

/* Build and write to path atomically.  Errors name the path and the cause. */
gboolean report_trace_write (const boot_analysis *an, const GPtrArray *passes,
                             const rule_set *rules, const report_trace_options *opts,
                             const char *path, GError **error);

#endif
