/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture-io.h: saving captured passes and reading them back.
 *
 * --save writes JSON Lines: a header object {"format":"bootperf-capture",...}
 * then one object per event: pass, time_ns, source, message (or
 * message_base64 when the bytes are not UTF-8), guest_time_ns when the line had
 * a printk time.  Nothing is lost.
 *
 * --replay reads such a file, or a plain serial-console log (guestfish -v, a
 * serial port, any VM monitor) where the kernel's printk times are the clock
 * and a line without one takes the previous line's time.  Both may be
 * gzip-compressed. */
#ifndef BOOTPERF_CAPTURE_IO_H
#define BOOTPERF_CAPTURE_IO_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include "events.h"

/* A capture or log: 1 GiB, mapped rather than copied when it is a plain
 * file; what must be read into memory instead (gzip once decompressed, a
 * pipe) at most 256 MiB, so that a gzip bomb costs no more than that (about
 * 800 passes of an appliance capture: decompress a larger one first). */
#define CAPTURE_REPLAY_MAX_BYTES ((gsize)1 << 30)
#define CAPTURE_REPLAY_MAX_READ_BYTES ((gsize)256 << 20)
#define CAPTURE_REPLAY_MAX_LINE_BYTES ((gsize)1 << 20)
#define CAPTURE_REPLAY_MAX_PASSES 10000
#define CAPTURE_TIME_MAX_NS INT64_C (1000000000000000000) /* 31 years */

typedef enum
{
  CAPTURE_FORMAT_JSONL,
  CAPTURE_FORMAT_CONSOLE_LOG,
} capture_format;

/* What a --save header says of the run besides the format, all optional:
 * read back by replay_load (replay.h). */
typedef struct
{
  JsonNode *config;       /* the run's options, or NULL */
  JsonNode *host;         /* the host's facts, or NULL */
  gboolean plain_log;     /* the passes came from a console log: replay them as one */
  const char *rules_name; /* the shipped rules they were analysed with, or NULL */
} capture_header;

/* {"config":..., "host":..., ["origin":"console-log",] ["rules":...]}: a new
 * node (config and host copied; null when absent). */
JsonNode *capture_header_to_json (const capture_header *h);

/* The whole file as text; header (may be NULL) is stored as given. */
char *capture_to_jsonl (const GPtrArray *passes, JsonNode *header, gsize *len);
gboolean capture_save (const char *path, const GPtrArray *passes, JsonNode *header,
                       GError **error);
/* --save of a run: its completed passes, then the events of the pass that
 * stopped it (failed_pass, may be NULL), since a capture that fails to
 * analyse is the one worth keeping.  Written atomically (output.h). */
gboolean capture_save_run (const char *path, const GPtrArray *passes,
                           pass_events *failed_pass, const capture_header *h,
                           GError **error);

/* Returns a GPtrArray of pass_events* (owning).  *format says what was read;
 * *header (may be NULL) receives the JSON Lines header, or NULL. */
GPtrArray *capture_load (const char *path, capture_format *format, JsonNode **header,
                         GError **error);

GPtrArray *capture_parse_jsonl (const char *data, gsize len, const char *origin,
                                JsonNode **header, GError **error);
/* A plain log: "libguestfs: trace: X" lines are trace events, other
 * "libguestfs: " lines library events, everything else console lines.  Each
 * `launch` trace starts a pass; a log without one is a single pass starting
 * at its first line.  Each pass ends with a close event at its last time. */
GPtrArray *capture_parse_console_log (const char *data, gsize len, const char *origin,
                                      GError **error);

#endif
