/* SPDX-License-Identifier: GPL-2.0-or-later */
/* printk-time.h: the guest kernel's printk time at the start of a console
 * line, read by the capture, the plain-log reader, the rules and the direct
 * boot's marks. */
#ifndef BOOTPERF_PRINTK_TIME_H
#define BOOTPERF_PRINTK_TIME_H

#include <stdint.h>
#include <glib.h>

/* The guest's printk time at the start of a console line ("[    2.481005]"),
 * after any leading terminal escape sequences (raw, or shown as "\x1b").
 * Returns TRUE and sets *guest_ns if there is one.  *body (may be NULL) is set
 * to the text after the time stamp and escapes in every case. */
gboolean printk_time_parse (const char *line, int64_t *guest_ns, const char **body);

#endif
