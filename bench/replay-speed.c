/* SPDX-License-Identifier: GPL-2.0-or-later */
/* replay-speed: how fast boot-analysis turns events into activities, against
 * a baseline doing what the original boot-analysis did (for every activity,
 * a substring search through the pass's events for its begin, then for its
 * end; initcalls ended by a forward search for "initcall <fn>").
 *
 *   replay-speed CAPTURE [PASSES] [RULES] [OUT.jsonl]
 *
 * The capture's passes are repeated until there are PASSES (default 100).
 * Prints events, CPU seconds and events per CPU second for both, and the
 * ratio.
 * With OUT.jsonl, the repeated capture is also saved there (as --save
 * writes it), for timing the whole `boot-analysis --replay` command.
 * A benchmark, not a test: it never fails on speed. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyse.h"
#include "capture-io.h"
#include "events.h"
#include "rules.h"

/* CPU time of this process: on a shared machine the wall clock says more
 * about the other jobs than about this one. */
static double
now_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The original's table: source, begin substring, end substring. */
typedef struct
{
  event_source begin_source;
  const char *begin;
  event_source end_source;
  const char *end; /* NULL: the close event */
} baseline_activity;

static const baseline_activity baseline_table[] = {
  { EVENT_SOURCE_TRACE, "launch", EVENT_SOURCE_CLOSE, NULL },
  { EVENT_SOURCE_LIBRARY, "begin building supermin appliance", EVENT_SOURCE_LIBRARY,
    "finished building supermin appliance" },
  { EVENT_SOURCE_LIBRARY, "begin testing qemu features", EVENT_SOURCE_LIBRARY,
    "finished testing qemu features" },
  { EVENT_SOURCE_CONSOLE, "-no-user-config", EVENT_SOURCE_CLOSE, NULL },
  { EVENT_SOURCE_CONSOLE, "-no-user-config", EVENT_SOURCE_CONSOLE, "SeaBIOS (version" },
  { EVENT_SOURCE_CONSOLE, "SeaBIOS (version", EVENT_SOURCE_CONSOLE, "Linux version " },
  { EVENT_SOURCE_CONSOLE, "Linux version ", EVENT_SOURCE_CLOSE, NULL },
  { EVENT_SOURCE_CONSOLE, "Linux version ", EVENT_SOURCE_CONSOLE, "starting up" },
  { EVENT_SOURCE_CONSOLE, "Last level dTLB entries", EVENT_SOURCE_CONSOLE,
    "Freeing SMP alternatives" },
  { EVENT_SOURCE_CONSOLE, "ftrace: allocating", EVENT_SOURCE_CONSOLE, "" },
  { EVENT_SOURCE_CONSOLE, "calling  ", EVENT_SOURCE_CONSOLE,
    "Freeing unused kernel image (initmem) memory" },
  { EVENT_SOURCE_CONSOLE, "starting up", EVENT_SOURCE_CONSOLE, "supermin: chroot" },
  { EVENT_SOURCE_CONSOLE, "supermin: chroot", EVENT_SOURCE_CONSOLE,
    "guestfsd --verbose" },
  { EVENT_SOURCE_CONSOLE, "supermin: chroot", EVENT_SOURCE_CONSOLE,
    "Starting /init script" },
  { EVENT_SOURCE_CONSOLE, "*guestfs_boot_analysis=1*", EVENT_SOURCE_CONSOLE,
    "kmod static-nodes" },
  { EVENT_SOURCE_CONSOLE, "kmod static-nodes", EVENT_SOURCE_CONSOLE, "systemd-tmpfiles" },
  { EVENT_SOURCE_CONSOLE, "systemd-tmpfiles", EVENT_SOURCE_CONSOLE, "udev" },
  { EVENT_SOURCE_CONSOLE, "udevd --daemon", EVENT_SOURCE_CONSOLE, "nullglob" },
  { EVENT_SOURCE_CONSOLE, "+ ip addr", EVENT_SOURCE_CONSOLE, "+ test" },
  { EVENT_SOURCE_CONSOLE, "+ mdadm", EVENT_SOURCE_CONSOLE, "+ modprobe dm_mod" },
  { EVENT_SOURCE_CONSOLE, "+ modprobe dm_mod", EVENT_SOURCE_CONSOLE, "+ ldmtool" },
  { EVENT_SOURCE_CONSOLE, "+ ldmtool", EVENT_SOURCE_CONSOLE, "+ test" },
  { EVENT_SOURCE_CONSOLE, "guestfsd --verbose", EVENT_SOURCE_CONSOLE, "fsync /dev/" },
  { EVENT_SOURCE_TRACE, "close", EVENT_SOURCE_CLOSE, NULL },
};

static gboolean
event_has (const boot_event *ev, event_source source, const char *needle)
{
  return ev->source == source && (!needle || strstr (ev->message, needle) != NULL);
}

/* Returns the number of activities found (so the work cannot be optimised away). */
static guint
baseline_pass (const pass_events *p)
{
  guint found = 0;
  const boot_event *evs = (const boot_event *)p->events->data;
  guint n = p->events->len;
  for (guint a = 0; a < G_N_ELEMENTS (baseline_table); a++)
    {
      const baseline_activity *t = &baseline_table[a];
      for (guint i = 0; i < n; i++)
        if (event_has (&evs[i], t->begin_source, t->begin))
          {
            for (guint j = i + 1; j < n; j++)
              if (event_has (&evs[j], t->end_source, t->end))
                {
                  found++;
                  break;
                }
            break;
          }
    }
  /* insmods: each to the next insmod or "picked"; initcalls: forward search
   * for "initcall <fn>", as sloppy as the original's. */
  for (guint i = 0; i < n; i++)
    {
      if (evs[i].source != EVENT_SOURCE_CONSOLE)
        continue;
      const char *msg = evs[i].message;
      if (strstr (msg, "supermin: internal insmod"))
        {
          for (guint j = i + 1; j < n; j++)
            if (strstr (evs[j].message, "supermin: internal insmod")
                || strstr (evs[j].message, "supermin: picked"))
              {
                found++;
                break;
              }
        }
      const char *calling = strstr (msg, "calling  ");
      if (calling)
        {
          char needle[160];
          const char *fn = calling + 9;
          size_t len = strcspn (fn, "+");
          if (len > sizeof needle - 10)
            continue;
          snprintf (needle, sizeof needle, "initcall %.*s", (int)len, fn);
          for (guint j = i + 1; j < n; j++)
            if (strstr (evs[j].message, needle))
              {
                found++;
                break;
              }
        }
    }
  return found;
}

int
main (int argc, char **argv)
{
  if (argc < 2 || argc > 5)
    {
      fprintf (stderr, "usage: replay-speed CAPTURE [PASSES] [RULES] [OUT.jsonl]\n");
      return 2;
    }
  guint want = argc > 2 ? (guint)atoi (argv[2]) : 100;
  const char *rules_path = argc > 3 ? argv[3] : BOOTPERF_SRCDATADIR "/activities.rules";
  g_autoptr (GError) err = NULL;
  capture_format format;
  double t0 = now_s ();
  g_autoptr (GPtrArray) loaded = capture_load (argv[1], &format, NULL, &err);
  double load_s = now_s () - t0;
  if (!loaded)
    {
      fprintf (stderr, "replay-speed: %s\n", err->message);
      return 1;
    }
  g_autoptr (rule_set) rs = rule_set_load_file (rules_path, &err);
  if (!rs)
    {
      fprintf (stderr, "replay-speed: %s\n", err->message);
      return 1;
    }
  /* Repeat the capture's passes (shared events, renumbered) up to want. */
  g_autoptr (GPtrArray) passes = g_ptr_array_new ();
  g_autoptr (GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  guint64 n_events = 0, n_loaded = 0;
  for (guint i = 0; i < loaded->len; i++)
    n_loaded += ((pass_events *)g_ptr_array_index (loaded, i))->events->len;
  for (guint i = 0; i < want; i++)
    {
      const pass_events *src = g_ptr_array_index (loaded, i % loaded->len);
      pass_events *copy = g_new0 (pass_events, 1);
      copy->pass = i;
      copy->events = src->events;
      g_ptr_array_add (owned, copy);
      g_ptr_array_add (passes, copy);
      n_events += src->events->len;
    }

  if (argc > 4 && !capture_save (argv[4], passes, NULL, &err))
    {
      fprintf (stderr, "replay-speed: %s\n", err->message);
      return 1;
    }

  t0 = now_s ();
  g_autoptr (boot_analysis) an
      = boot_analyse (rs, passes, format == CAPTURE_FORMAT_JSONL, &err);
  double ours_s = now_s () - t0;
  if (!an)
    {
      fprintf (stderr, "replay-speed: %s\n", err->message);
      return 1;
    }
  t0 = now_s ();
  guint64 found = 0;
  for (guint i = 0; i < passes->len; i++)
    found += baseline_pass (g_ptr_array_index (passes, i));
  double base_s = now_s () - t0;

  printf ("capture: %s (%u passes, %" G_GUINT64_FORMAT " events, loaded in %.3f s = "
          "%.0f events/s)\n",
          argv[1], loaded->len, n_loaded, load_s, (double)n_loaded / load_s);
  printf ("analysed: %u passes, %" G_GUINT64_FORMAT " events\n", passes->len, n_events);
  printf (
      "bootperf rules engine + statistics: %.3f s  %12.0f events/s  (%u activities)\n",
      ours_s, (double)n_events / ours_s, an->activities->len);
  printf ("baseline (substring search per activity per event): %.3f s  %12.0f events/s  "
          "(%" G_GUINT64_FORMAT " spans)\n",
          base_s, (double)n_events / base_s, found);
  printf ("ratio: %.2fx\n", base_s / ours_s);
  return 0;
}
