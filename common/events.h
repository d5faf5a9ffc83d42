/* events.h: the timestamped events of one boot, as captured or replayed.
 *
 * Data flows one way: capture (or replay) -> boot_event arrays per pass ->
 * rules (activities) -> statistics -> reports.  Times are int64_t nanoseconds. */
#ifndef BOOTPERF_EVENTS_H
#define BOOTPERF_EVENTS_H

#include <stdint.h>
#include <glib.h>

typedef enum {
  EVENT_SOURCE_CONSOLE,      /* a line of the appliance's serial console */
  EVENT_SOURCE_LIBRARY,      /* a libguestfs debug message */
  EVENT_SOURCE_TRACE,        /* a libguestfs API trace message */
  EVENT_SOURCE_LAUNCH_DONE,  /* guestfs_launch finished */
  EVENT_SOURCE_CLOSE,        /* the handle was closed (qemu has exited) */
  EVENT_SOURCE_SUBPROCESS_QUIT,
  EVENT_SOURCE_COUNT
} event_source;

#define EVENT_NO_GUEST_TIME INT64_C(-1)

typedef struct {
  int64_t time_ns;        /* host CLOCK_MONOTONIC, relative to the pass's `launch` trace */
  int64_t guest_time_ns;  /* the guest's printk time ("[    2.481005]"), or EVENT_NO_GUEST_TIME */
  event_source source;
  char *message;          /* raw bytes as received, line ending removed, NUL-terminated */
} boot_event;

/* All events of one pass, in arrival order. */
typedef struct {
  guint pass;             /* 0-based measured pass number */
  GArray *events;         /* boot_event; cleared with boot_event_clear */
} pass_events;

const char *event_source_name (event_source source);          /* "console", "library", ... */
gboolean event_source_from_name (const char *name, event_source *out);
void boot_event_clear (boot_event *ev);
pass_events *pass_events_new (guint pass);
void pass_events_free (pass_events *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (pass_events, pass_events_free)

#endif
