/* SPDX-License-Identifier: GPL-2.0-or-later */
/* progress.c: a status line on stderr that redraws itself, shown only when
 * stderr is a terminal and the user did not ask for quiet.  A pass can take
 * minutes while the caller is blocked in libguestfs, so a background thread
 * redraws the line every second with the time spent in the current step. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "progress.h"

static gboolean enabled;
static GMutex lock;
static GThread *ticker;
static char *line;          /* the caller's text; NULL when nothing is shown */
static gint64 step_start_us;

static void
draw_locked (void)
{
  if (!line)
    return;
  gint64 secs = (g_get_monotonic_time () - step_start_us) / G_USEC_PER_SEC;
  if (secs >= 2)
    fprintf (stderr, "\r\033[K%s  [%" G_GINT64_FORMAT "s]", line, secs);
  else
    fprintf (stderr, "\r\033[K%s", line);
  fflush (stderr);
}

static gpointer
tick (gpointer unused)
{
  for (;;)
    {
      g_usleep (G_USEC_PER_SEC);
      g_mutex_lock (&lock);
      draw_locked ();
      g_mutex_unlock (&lock);
    }
  return NULL;
}

void
progress_init (gboolean quiet)
{
  enabled = !quiet && isatty (STDERR_FILENO);
}

gboolean
progress_enabled (void)
{
  return enabled;
}

void
progress_update (const char *fmt, ...)
{
  if (!enabled)
    return;
  va_list ap;
  va_start (ap, fmt);
  char *text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_mutex_lock (&lock);
  g_free (line);
  line = text;
  step_start_us = g_get_monotonic_time ();
  draw_locked ();
  /* The ticker lives until exit; it only ever draws under the lock. */
  if (!ticker)
    ticker = g_thread_new ("progress", tick, NULL);
  g_mutex_unlock (&lock);
}

void
progress_clear (void)
{
  if (!enabled)
    return;
  g_mutex_lock (&lock);
  if (line)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
      g_clear_pointer (&line, g_free);
    }
  g_mutex_unlock (&lock);
}
