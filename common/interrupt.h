/* SPDX-License-Identifier: GPL-2.0-or-later */
/* interrupt.h: Ctrl-C and SIGTERM become a flag that long loops poll, so that
 * what was measured so far is still reported and written. */
#ifndef BOOTPERF_INTERRUPT_H
#define BOOTPERF_INTERRUPT_H

#include <glib.h>

void interrupt_install (void);       /* SIGINT, SIGTERM, SIGHUP set the flag */
gboolean interrupt_requested (void);
int interrupt_signal (void);         /* the signal received, or 0 */

#endif
