/* SPDX-License-Identifier: GPL-2.0-or-later */
/* event-line.h: a fast reader for the event lines of a saved capture.
 *
 * --save writes every event as one small JSON object of a fixed shape
 * ({"pass":0,"time_ns":1,"source":"console","message":"...",...}).  Reading
 * hundreds of thousands of them through a general JSON parser costs more
 * than analysing them, so such lines are read here directly.  Anything else
 * (another key, a nested value, a number that is not an integer, a string
 * with \u0000, bytes that are not UTF-8, a duplicate key, any syntax error)
 * is declined, and the caller reads that line with json-glib, which accepts
 * or rejects it exactly as before. */
#ifndef BOOTPERF_EVENT_LINE_H
#define BOOTPERF_EVENT_LINE_H

#include <stddef.h>
#include <glib.h>
#include "events.h"

/* TRUE: line (len bytes, no newline) was one event, now in *pass and *ev,
 * except its message (ev->message is NULL): written NUL-terminated to
 * message, which has room for len + 1 bytes (a message is never longer
 * than its line), its length in *message_len.  FALSE: declined, and
 * message holds nothing of use. */
gboolean event_line_parse (const char *line, size_t len, guint *pass, boot_event *ev,
                           char *message, size_t *message_len);

#endif
