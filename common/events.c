/* SPDX-License-Identifier: GPL-2.0-or-later */
/* events.c: the small helpers around boot_event and pass_events (events.h):
 * source names as used in rules files and captures, and memory handling. */
#include <config.h>

#include <string.h>

#include "events.h"

static const char *const source_names[EVENT_SOURCE_COUNT] = {
  [EVENT_SOURCE_CONSOLE] = "console", [EVENT_SOURCE_LIBRARY] = "library",
  [EVENT_SOURCE_TRACE] = "trace",     [EVENT_SOURCE_LAUNCH_DONE] = "launch-done",
  [EVENT_SOURCE_CLOSE] = "close",     [EVENT_SOURCE_SUBPROCESS_QUIT] = "subprocess-quit",
  [EVENT_SOURCE_NOTE] = "note",
};

static const char *const clock_names[EVENT_CLOCK_COUNT] = {
  [EVENT_CLOCK_NONE] = "none",     [EVENT_CLOCK_HOST] = "host",
  [EVENT_CLOCK_PRINTK] = "printk", [EVENT_CLOCK_LIBGUESTFS] = "libguestfs",
  [EVENT_CLOCK_UPTIME] = "uptime", [EVENT_CLOCK_KERNEL] = "kernel",
};

static const char *const clock_descriptions[EVENT_CLOCK_COUNT] = {
  [EVENT_CLOCK_NONE] = "no clock",       [EVENT_CLOCK_HOST] = "host arrival",
  [EVENT_CLOCK_PRINTK] = "guest printk", [EVENT_CLOCK_LIBGUESTFS] = "libguestfs stamps",
  [EVENT_CLOCK_UPTIME] = "guest uptime", [EVENT_CLOCK_KERNEL] = "kernel's own",
};

const char *
event_source_name (event_source source)
{
  if ((unsigned)source >= EVENT_SOURCE_COUNT)
    return "unknown";
  return source_names[source];
}

gboolean
event_source_from_name (const char *name, event_source *out)
{
  for (unsigned i = 0; i < EVENT_SOURCE_COUNT; i++)
    if (strcmp (name, source_names[i]) == 0)
      {
        *out = (event_source)i;
        return TRUE;
      }
  return FALSE;
}

const char *
event_clock_name (event_clock clock)
{
  return (unsigned)clock < EVENT_CLOCK_COUNT ? clock_names[clock] : "unknown";
}

gboolean
event_clock_from_name (const char *name, event_clock *out)
{
  for (unsigned i = 0; i < EVENT_CLOCK_COUNT; i++)
    if (strcmp (name, clock_names[i]) == 0)
      {
        *out = (event_clock)i;
        return TRUE;
      }
  return FALSE;
}

const char *
event_clock_description (event_clock clock)
{
  return (unsigned)clock < EVENT_CLOCK_COUNT ? clock_descriptions[clock] : "unknown";
}

int64_t
event_clock_time (const boot_event *ev)
{
  return ev->clock == EVENT_CLOCK_HOST ? ev->time_ns : ev->clock_ns;
}

int
event_clock_side (event_clock clock)
{
  switch (clock)
    {
    case EVENT_CLOCK_HOST:
    case EVENT_CLOCK_LIBGUESTFS:
      return 1;
    case EVENT_CLOCK_PRINTK:
    case EVENT_CLOCK_KERNEL:
      return 2;
    case EVENT_CLOCK_UPTIME:
      /* Not printk's base: CLOCK_BOOTTIME starts at another point of the boot. */
      return 3;
    default:
      return 0;
    }
}

void
boot_event_clear (boot_event *ev)
{
  if (ev->in_arena)
    ev->message = NULL;
  g_clear_pointer (&ev->message, g_free);
}

void
pass_events_keep_message (pass_events *p, boot_event *ev, const char *text, size_t len)
{
  ev->message = text_arena_add (pass_events_text (p, NULL), text, len);
  ev->in_arena = TRUE;
}

text_arena *
pass_events_text (pass_events *p, text_arena *text)
{
  if (!p->text)
    p->text = text ? text_arena_ref (text) : text_arena_new ();
  return p->text;
}

pass_events *
pass_events_new (guint pass)
{
  return pass_events_new_sized (pass, 0);
}

pass_events *
pass_events_new_sized (guint pass, guint reserve)
{
  pass_events *p = g_new0 (pass_events, 1);
  p->pass = pass;
  p->events = g_array_sized_new (FALSE, FALSE, sizeof (boot_event), reserve);
  g_array_set_clear_func (p->events, (GDestroyNotify)boot_event_clear);
  return p;
}

void
pass_events_free (pass_events *p)
{
  if (!p)
    return;
  g_array_unref (p->events);
  text_arena_unref (p->text);
  g_free (p);
}

char *
event_message_escape (const char *message)
{
  GString *s = g_string_sized_new (strlen (message) + 16);
  const char *p = message;
  while (*p)
    {
      const unsigned char ch = (unsigned char)*p;
      /* A control byte, and a byte that does not start a whole UTF-8
       * character, are shown as their value: reports stay valid UTF-8. */
      gunichar c = ch < 0x80 ? ch : g_utf8_get_char_validated (p, -1);
      if (ch < 0x20 || ch == 0x7f || c == (gunichar)-1 || c == (gunichar)-2)
        {
          g_string_append_printf (s, "\\x%02x", ch);
          p++;
          continue;
        }
      int n = g_utf8_skip[ch];
      g_string_append_len (s, p, n);
      p += n;
    }
  return g_string_free (s, FALSE);
}
