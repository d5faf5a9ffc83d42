/* SPDX-License-Identifier: GPL-2.0-or-later */
/* events.h: the timestamped events of one boot, as captured or replayed.
 *
 * Data flows one way: capture (or replay) -> boot_event arrays per pass ->
 * rules (activities) -> statistics -> reports.  Times are int64_t nanoseconds. */
#ifndef BOOTPERF_EVENTS_H
#define BOOTPERF_EVENTS_H

#include <stdint.h>
#include <glib.h>
#include "text-arena.h"

typedef enum {
  EVENT_SOURCE_CONSOLE,      /* a line of the appliance's serial console */
  EVENT_SOURCE_LIBRARY,      /* a libguestfs debug message */
  EVENT_SOURCE_TRACE,        /* a libguestfs API trace message */
  EVENT_SOURCE_LAUNCH_DONE,  /* guestfs_launch finished */
  EVENT_SOURCE_CLOSE,        /* the handle was closed (qemu has exited) */
  EVENT_SOURCE_SUBPROCESS_QUIT,
  EVENT_SOURCE_NOTE,         /* bootperf about its input: a clock that jumped, a panic */
  EVENT_SOURCE_COUNT
} event_source;

#define EVENT_NO_GUEST_TIME INT64_C(-1)

/* Which clock gave a time.  Captures of real boots stamp every event on the
 * host; a plain log has only the clocks its lines print.  Two times can be
 * subtracted only on one side (event_clock_side): host (HOST, LIBGUESTFS),
 * printk, uptime.  KERNEL is an activity's, never an event's: the kernel said how
 * long it took ("returned 0 after 28500 usecs"). */
typedef enum {
  EVENT_CLOCK_HOST,       /* host CLOCK_MONOTONIC on arrival (time_ns itself) */
  EVENT_CLOCK_NONE,       /* no time of its own: placed after the event before it */
  EVENT_CLOCK_PRINTK,     /* the guest kernel's printk stamp */
  EVENT_CLOCK_LIBGUESTFS, /* libguestfs's own "[NNNNNms]" (ms since launch) */
  EVENT_CLOCK_UPTIME,     /* the guest's /proc/uptime printed by supermin or /init */
  EVENT_CLOCK_KERNEL,     /* a duration the kernel reported itself */
  EVENT_CLOCK_COUNT
} event_clock;

typedef struct {
  int64_t time_ns;        /* place on the pass's timeline, relative to its `launch` */
  int64_t guest_time_ns;  /* the guest's printk time ("[    2.481005]"), or EVENT_NO_GUEST_TIME */
  int64_t clock_ns;       /* the time on its own clock; unused for HOST and NONE */
  int64_t last_byte_ns;   /* a console line captured live: when its last byte arrived,
                           * on time_ns's scale; 0: not recorded (as time_ns) */
  event_source source;
  event_clock clock;
  gboolean in_arena;      /* message belongs to the pass's strings, not to the event */
  char *message;          /* raw bytes as received, line ending removed, NUL-terminated */
} boot_event;

/* All events of one pass, in arrival order. */
typedef struct {
  guint pass;             /* 0-based measured pass number */
  GArray *events;         /* boot_event; cleared with boot_event_clear */
  text_arena *text;       /* messages of events in_arena (a loaded capture's, shared
                           * by its passes), or NULL */
} pass_events;

const char *event_source_name (event_source source);          /* "console", "library", ... */
gboolean event_source_from_name (const char *name, event_source *out);
const char *event_clock_name (event_clock clock);            /* "none", "printk", ... */
gboolean event_clock_from_name (const char *name, event_clock *out);
/* What people read: "no clock", "guest printk", "host arrival", ... */
const char *event_clock_description (event_clock clock);
/* The event's time on its own clock (time_ns for host arrival). */
int64_t event_clock_time (const boot_event *ev);
/* Times of one side can be subtracted: 0 none, 1 host (host, libguestfs),
 * 2 the guest's printk, 3 the guest's uptime. */
int event_clock_side (event_clock clock);
/* The line with control bytes and bytes that are not UTF-8 shown as \xHH
 * (for messages to people and reports). */
char *event_message_escape (const char *message);
void boot_event_clear (boot_event *ev);
pass_events *pass_events_new (guint pass);
/* With room for reserve events (a hint: the array grows as needed). */
pass_events *pass_events_new_sized (guint pass, guint reserve);
/* A message kept in the pass's own strings (one allocation for many), for
 * an event about to be appended: sets ev->message and ev->in_arena. */
void pass_events_keep_message (pass_events *p, boot_event *ev, const char *text,
                               size_t len);
/* The pass's strings, made when first needed: a new reference to text when
 * given (the passes of one capture share theirs), else its own. */
text_arena *pass_events_text (pass_events *p, text_arena *text);
void pass_events_free (pass_events *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (pass_events, pass_events_free)

#endif
