/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture.c: libguestfs event callbacks -> boot_event arrays, one per pass.
 * See capture.h for the line-splitting contract, which the chunking test
 * checks by cutting one byte stream at random places. */
#include <config.h>

#include <string.h>

#include <gio/gio.h>

#include "capture.h"
#include "pass.h"
#include "printk-time.h"

struct event_capture
{
  pass_events *pass;
  gboolean launched;     /* the `launch` trace has been seen */
  int64_t origin_ns;     /* its arrival time */
  GString *partial;      /* console bytes of the line being assembled */
  int64_t partial_ns;    /* arrival of that line's first byte */
  int64_t partial_end_ns; /* ... and of its last byte so far */
  gboolean after_cr;     /* the last console byte was '\r' */
  size_t cut_bytes;      /* bytes of that line beyond CAPTURE_LINE_MAX_BYTES */
  size_t console_cost;   /* what this pass's console lines have cost so far */
  gboolean console_full; /* over budget: console lines are dropped */
  event_capture_line_fn watch; /* called with each console line, or NULL */
  gpointer watch_data;
};

event_capture *
event_capture_new (void)
{
  event_capture *c = g_new0 (event_capture, 1);
  c->partial = g_string_sized_new (256);
  return c;
}

void
event_capture_free (event_capture *c)
{
  if (!c)
    return;
  pass_events_free (c->pass);
  g_string_free (c->partial, TRUE);
  g_free (c);
}

void
event_capture_begin_pass (event_capture *c, guint pass)
{
  pass_events_free (c->pass);
  c->pass = pass_events_new (pass);
  c->launched = FALSE;
  c->origin_ns = 0;
  g_string_truncate (c->partial, 0);
  c->after_cr = FALSE;
  c->cut_bytes = 0;
  c->console_cost = 0;
  c->console_full = FALSE;
}

static boot_event *
append_event (event_capture *c, event_source source, int64_t arrival_ns, const char *text,
              size_t len)
{
  boot_event ev = {
    .time_ns = arrival_ns - c->origin_ns,
    .guest_time_ns = EVENT_NO_GUEST_TIME,
    .source = source,
    .message = g_strndup (text, len),
  };
  if (source == EVENT_SOURCE_CONSOLE)
    printk_time_parse (ev.message, &ev.guest_time_ns, NULL);
  g_array_append_val (c->pass->events, ev);
  return &g_array_index (c->pass->events, boot_event, c->pass->events->len - 1);
}

static void
finish_console_line (event_capture *c)
{
  if (c->partial->len > 0 && !c->console_full)
    {
      if (c->cut_bytes > 0)
        g_string_append_printf (c->partial, CAPTURE_CUT_NOTE, c->cut_bytes);
      c->console_cost += c->partial->len + CAPTURE_LINE_COST_BYTES;
      if (c->console_cost <= CAPTURE_PASS_CONSOLE_BUDGET_BYTES)
        {
          boot_event *line = append_event (c, EVENT_SOURCE_CONSOLE, c->partial_ns,
                                           c->partial->str, c->partial->len);
          line->last_byte_ns = c->partial_end_ns - c->origin_ns;
          if (c->watch)
            c->watch (line, c->watch_data);
        }
      else
        {
          static const char note[] = "bootperf: the console passed the capture's "
                                     "limit; later console lines are dropped";
          c->console_full = TRUE;
          append_event (c, EVENT_SOURCE_LIBRARY, c->partial_ns, note, sizeof note - 1);
        }
    }
  g_string_truncate (c->partial, 0);
  c->cut_bytes = 0;
}

void
event_capture_add_chunk (event_capture *c, int64_t now_ns, const char *buf, size_t len)
{
  if (!c->pass || !c->launched)
    return;
  size_t i = 0;
  while (i < len)
    {
      char ch = buf[i];
      if (ch == '\0')
        {
          /* Serial padding: dropped, so that the text around it survives
           * (messages are C strings). */
          i++;
          continue;
        }
      if (ch == '\n' || ch == '\r')
        {
          /* "\r\n" is one line end even when cut between two chunks. */
          if (!(ch == '\n' && c->after_cr))
            finish_console_line (c);
          c->after_cr = ch == '\r';
          i++;
          continue;
        }
      c->after_cr = FALSE;
      /* Copy the run of ordinary bytes up to the next line end at once. */
      size_t j = i;
      while (j < len && buf[j] != '\n' && buf[j] != '\r' && buf[j] != '\0')
        j++;
      if (c->partial->len == 0)
        c->partial_ns = now_ns;
      c->partial_end_ns = now_ns;
      size_t room
          = CAPTURE_LINE_MAX_BYTES - MIN (c->partial->len, CAPTURE_LINE_MAX_BYTES);
      size_t keep = MIN (j - i, room);
      g_string_append_len (c->partial, buf + i, (gssize)keep);
      c->cut_bytes += (j - i) - keep;
      i = j;
    }
}

void
event_capture_add_message (event_capture *c, event_source source, int64_t now_ns,
                           const char *buf, size_t len)
{
  if (!c->pass)
    return;
  while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
    len--;
  if (!c->launched)
    {
      if (source != EVENT_SOURCE_TRACE || len != 6 || memcmp (buf, "launch", 6) != 0)
        return;
      c->launched = TRUE;
      c->origin_ns = now_ns;
    }
  append_event (c, source, now_ns, buf, len);
}

void
event_capture_watch_lines (event_capture *c, event_capture_line_fn fn, gpointer data)
{
  c->watch = fn;
  c->watch_data = data;
}

pass_events *
event_capture_end_pass (event_capture *c)
{
  if (!c->pass)
    return NULL;
  finish_console_line (c);
  c->after_cr = FALSE;
  pass_events *p = c->pass;
  c->pass = NULL;
  return p;
}

static void
on_guestfs_event (guestfs_h *g, void *opaque, uint64_t event, int event_handle, int flags,
                  const char *buf, size_t buf_len, const uint64_t *array,
                  size_t array_len)
{
  event_capture *c = opaque;
  int64_t now = monotonic_ns ();
  switch (event)
    {
    case GUESTFS_EVENT_APPLIANCE:
      event_capture_add_chunk (c, now, buf, buf_len);
      break;
    case GUESTFS_EVENT_LIBRARY:
      event_capture_add_message (c, EVENT_SOURCE_LIBRARY, now, buf, buf_len);
      break;
    case GUESTFS_EVENT_TRACE:
      event_capture_add_message (c, EVENT_SOURCE_TRACE, now, buf, buf_len);
      break;
    case GUESTFS_EVENT_LAUNCH_DONE:
      event_capture_add_message (c, EVENT_SOURCE_LAUNCH_DONE, now, "", 0);
      break;
    case GUESTFS_EVENT_CLOSE:
      /* The console may end without a newline: that line ends here. */
      finish_console_line (c);
      event_capture_add_message (c, EVENT_SOURCE_CLOSE, now, "", 0);
      break;
    case GUESTFS_EVENT_SUBPROCESS_QUIT:
      event_capture_add_message (c, EVENT_SOURCE_SUBPROCESS_QUIT, now, "", 0);
      break;
    default:
      break;
    }
}

gboolean
event_capture_attach (event_capture *c, guestfs_h *g, GError **error)
{
  const uint64_t events = GUESTFS_EVENT_APPLIANCE | GUESTFS_EVENT_LIBRARY
                          | GUESTFS_EVENT_TRACE | GUESTFS_EVENT_LAUNCH_DONE
                          | GUESTFS_EVENT_CLOSE | GUESTFS_EVENT_SUBPROCESS_QUIT;
  if (guestfs_set_verbose (g, 1) == -1 || guestfs_set_trace (g, 1) == -1
      || guestfs_set_event_callback (g, on_guestfs_event, events, 0, c) == -1)
    {
      const char *msg = guestfs_last_error (g);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "cannot register libguestfs event callbacks: %s",
                   msg ? msg : "unknown error");
      return FALSE;
    }
  return TRUE;
}
