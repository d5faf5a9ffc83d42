/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot-marks.c: see boot-marks.h.  Only what came before the ready marker
 * counts as firmware or kernel start-up: under `quiet` the kernel's first
 * line may be its last one. */
#include <config.h>

#include <string.h>

#include "boot-marks.h"
#include "printk-time.h"

const char *
boot_mark_name (boot_mark m)
{
  static const char *const names[]
      = { "qemu exec", "firmware output", "kernel output", "ready marker", "qemu exit" };
  return m < BOOT_MARK_COUNT ? names[m] : "unknown";
}

void
boot_marks_clear (boot_marks *m)
{
  for (int k = 0; k < BOOT_MARK_COUNT; k++)
    m->ns[k] = -1;
  m->ns[BOOT_MARK_EXEC] = 0;
}

gboolean
boot_marks_is_kernel_line (const char *line)
{
  const char *body;
  if (printk_time_parse (line, NULL, &body))
    return TRUE;
  return strstr (body, "Linux version ") || strstr (body, "Probing EDD");
}

static int64_t
line_end_ns (const boot_event *ev)
{
  return ev->last_byte_ns > ev->time_ns ? ev->last_byte_ns : ev->time_ns;
}

/* The `ready` trace event after the ready line, on that line's clock. */
static void
insert_ready_event (pass_events *events, guint line)
{
  const boot_event *ev = &g_array_index (events->events, boot_event, line);
  boot_event trace = { .time_ns = line_end_ns (ev),
                       .clock = ev->clock,
                       .clock_ns = ev->clock_ns,
                       .guest_time_ns = EVENT_NO_GUEST_TIME,
                       .source = EVENT_SOURCE_TRACE,
                       .message = g_strdup ("ready") };
  g_array_insert_val (events->events, line + 1, trace);
}

static gboolean
is_ready_line (const boot_event *ev, const pcre2_code *ready, pcre2_match_data *md)
{
  return ready
         && pcre2_match (ready, (PCRE2_SPTR)ev->message, PCRE2_ZERO_TERMINATED, 0, 0, md,
                         NULL)
                >= 0;
}

gboolean
boot_marks_from_events (pass_events *events, const pcre2_code *ready, boot_marks *out)
{
  boot_marks_clear (out);
  if (!events)
    return FALSE;
  pcre2_match_data *md
      = ready ? pcre2_match_data_create_from_pattern (ready, NULL) : NULL;
  int64_t first_other = -1; /* first console line that is neither kernel nor ready */
  gint ready_line = -1;
  for (guint i = 0; i < events->events->len; i++)
    {
      const boot_event *ev = &g_array_index (events->events, boot_event, i);
      if (ev->source == EVENT_SOURCE_CLOSE)
        out->ns[BOOT_MARK_EXIT] = ev->time_ns;
      if (ev->source != EVENT_SOURCE_CONSOLE || ready_line >= 0)
        continue;
      if (is_ready_line (ev, ready, md))
        {
          ready_line = (gint)i;
          out->ns[BOOT_MARK_READY] = line_end_ns (ev);
        }
      else if (out->ns[BOOT_MARK_KERNEL] < 0 && boot_marks_is_kernel_line (ev->message))
        out->ns[BOOT_MARK_KERNEL] = ev->time_ns;
      else if (out->ns[BOOT_MARK_KERNEL] < 0 && first_other < 0)
        first_other = ev->time_ns;
    }
  out->ns[BOOT_MARK_FIRMWARE] = first_other;
  if (md)
    pcre2_match_data_free (md);
  if (ready_line >= 0)
    insert_ready_event (events, (guint)ready_line);
  return ready_line >= 0;
}
