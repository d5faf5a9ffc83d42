/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log-clocks.h: the clocks of a plain console log.
 *
 * A plain log (guestfish -v, a serial port, dmesg) has no host clock: each
 * line has only the time it prints, if any.  These functions give every
 * event of such a log its clock (events.h): the kernel's printk stamp,
 * libguestfs's own "[NNNNNms]", the guest's uptime printed by supermin or
 * /init ("supermin: uptime: 0.94 0.21", "uptime: 10.11 1.38"), or none.
 * A line without one is placed after the line before it and has no time.
 *
 * Clock discontinuities are found and said (as EVENT_SOURCE_NOTE events in
 * the pass): stamps before the kernel's own that a bootloader printed
 * (U-Boot's "[   9.616]") are not taken for the kernel's clock; a kernel
 * clock that starts again after a kernel banner is a reboot and starts a new
 * pass; a stamp that goes backwards otherwise is not used. */
#ifndef BOOTPERF_LOG_CLOCKS_H
#define BOOTPERF_LOG_CLOCKS_H

#include <glib.h>
#include "events.h"

/* passes: pass_events* as split from the log (at each `launch` trace), with
 * every time unset.  Returns the passes with clocks and times, a reboot
 * splitting a pass in two, numbered from 0; the input array is consumed. */
GPtrArray *log_clocks_assign (GPtrArray *passes);

/* Whether any event of the passes has a clock of its own. */
gboolean log_clocks_any (const GPtrArray *passes);

/* libguestfs's own stamp at the start of a library message ("[02850ms] ",
 * libguestfs up to 1.38 or so: milliseconds since the launch began).  Returns
 * TRUE and sets *ns if there is one; *body (may be NULL) is set to the text
 * after it in every case. */
gboolean libguestfs_stamp_parse (const char *message, int64_t *ns, const char **body);

#endif
