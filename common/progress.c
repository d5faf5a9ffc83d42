/* progress.c: a status line on stderr that redraws itself, shown only when
 * stderr is a terminal and the user did not ask for quiet. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "progress.h"

static gboolean enabled;
static gboolean shown;

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
  g_autofree char *line = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "\r\033[K%s", line);
  fflush (stderr);
  shown = TRUE;
}

void
progress_clear (void)
{
  if (!enabled || !shown)
    return;
  fputs ("\r\033[K", stderr);
  fflush (stderr);
  shown = FALSE;
}
