/* SPDX-License-Identifier: GPL-2.0-or-later */
/* progress.h: a one-line progress display on stderr, only when stderr is a
 * terminal and the user did not ask for quiet. */
#ifndef BOOTPERF_PROGRESS_H
#define BOOTPERF_PROGRESS_H

#include <glib.h>

void progress_init (gboolean quiet);
gboolean progress_enabled (void);
/* printf-like; redraws the status line (\r + clear to end of line). */
void progress_update (const char *fmt, ...) G_GNUC_PRINTF (1, 2);
void progress_clear (void);          /* erase the line before printing results */

#endif
