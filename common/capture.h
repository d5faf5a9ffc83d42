/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture.h: turning what libguestfs reports during a launch into the
 * timestamped events of one pass (events.h).
 *
 * Console output arrives in chunks cut anywhere; it is split into lines the
 * same way whatever the chunking: a line is stamped when its first byte
 * arrived and also keeps when its last byte did (boot-marks.h times the
 * ready marker by it); "\r\n" and a lone "\r" end a line, NUL bytes and
 * empty lines are dropped and a partial line is flushed when the pass
 * ends.  Events before the `launch` trace are ignored; times are relative
 * to it.
 *
 * The guest is not trusted, so memory is bounded: a console line keeps its
 * first CAPTURE_LINE_MAX_BYTES bytes and ends with a note of how many were
 * cut, and once a pass's console lines cost CAPTURE_PASS_CONSOLE_BUDGET_BYTES
 * (each its length plus CAPTURE_LINE_COST_BYTES) later ones are dropped,
 * after one library event saying so. */
#ifndef BOOTPERF_CAPTURE_H
#define BOOTPERF_CAPTURE_H

#include <stdint.h>
#include <stddef.h>
#include <glib.h>
#include <guestfs.h>
#include "events.h"

#define CAPTURE_LINE_MAX_BYTES 8192
/* What ends a cut line (printf format of the number of bytes cut). */
#define CAPTURE_CUT_NOTE " [bootperf: %zu more bytes cut]"
#define CAPTURE_LINE_COST_BYTES 64
#define CAPTURE_PASS_CONSOLE_BUDGET_BYTES (64u << 20)

typedef struct event_capture event_capture;

event_capture *event_capture_new (void);
void event_capture_free (event_capture *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (event_capture, event_capture_free)

/* Start collecting a new pass (drops anything not yet taken). */
void event_capture_begin_pass (event_capture *c, guint pass);
/* A chunk of console bytes that arrived at now_ns (CLOCK_MONOTONIC). */
void event_capture_add_chunk (event_capture *c, int64_t now_ns, const char *buf,
                              size_t len);
/* A whole message of a non-console source (trailing newlines removed). */
void event_capture_add_message (event_capture *c, event_source source, int64_t now_ns,
                                const char *buf, size_t len);
/* Call fn with each console line as the capture completes it (the event
 * just added, valid during the call); fn NULL: none.  The KVM probe
 * watches the console this way. */
typedef void (*event_capture_line_fn) (const boot_event *line, gpointer data);
void event_capture_watch_lines (event_capture *c, event_capture_line_fn fn, gpointer data);
/* Flush the partial console line and hand over the pass's events. */
pass_events *event_capture_end_pass (event_capture *c);

/* Turn on verbose and trace on g and deliver its events to c.  Messages then
 * go to c instead of stderr. */
gboolean event_capture_attach (event_capture *c, guestfs_h *g, GError **error);

#endif
