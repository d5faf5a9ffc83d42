/* events.c: the small helpers around boot_event and pass_events (events.h):
 * source names as used in rules files and captures, and memory handling. */
#include <config.h>

#include <string.h>

#include "events.h"

static const char *const source_names[EVENT_SOURCE_COUNT] = {
  [EVENT_SOURCE_CONSOLE] = "console", [EVENT_SOURCE_LIBRARY] = "library",
  [EVENT_SOURCE_TRACE] = "trace",     [EVENT_SOURCE_LAUNCH_DONE] = "launch-done",
  [EVENT_SOURCE_CLOSE] = "close",     [EVENT_SOURCE_SUBPROCESS_QUIT] = "subprocess-quit",
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

void
boot_event_clear (boot_event *ev)
{
  g_clear_pointer (&ev->message, g_free);
}

pass_events *
pass_events_new (guint pass)
{
  pass_events *p = g_new0 (pass_events, 1);
  p->pass = pass;
  p->events = g_array_sized_new (FALSE, TRUE, sizeof (boot_event), 2560);
  g_array_set_clear_func (p->events, (GDestroyNotify)boot_event_clear);
  return p;
}

void
pass_events_free (pass_events *p)
{
  if (!p)
    return;
  g_array_unref (p->events);
  g_free (p);
}
