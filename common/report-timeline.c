/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report-timeline.c: the text timeline and the longest-activities list.
 *
 * Rows come from the activities' mean start and end times, rounded to the
 * printed 0.1 ms so that visually equal times share a row.  Columns are
 * handed out left-first when an activity starts and freed when it ends. */
#include <config.h>

#include <math.h>
#include <string.h>

#include "report-timeline.h"

#define C_TIME "\033[1;34m"
#define C_BAR "\033[35m"
#define C_NAME "\033[32m"
#define C_FLAG "\033[1;31m"
#define C_OFF "\033[0m"

typedef struct
{
  int64_t tick; /* time in 0.1 ms */
  gboolean is_start;
  guint activity; /* index into an->activities */
} time_point;

static int64_t
to_tick (double ms)
{
  return (int64_t)llround (ms * 10.0);
}

static int
compare_points (gconstpointer pa, gconstpointer pb)
{
  const time_point *a = pa, *b = pb;
  if (a->tick != b->tick)
    return a->tick < b->tick ? -1 : 1;
  /* Ends first: a column freed at t can be reused by an activity starting at t. */
  if (a->is_start != b->is_start)
    return a->is_start ? 1 : -1;
  return a->activity < b->activity ? -1 : a->activity > b->activity;
}

static void
colour_on (GString *out, const timeline_options *opts, const char *code)
{
  if (opts->colour)
    g_string_append (out, code);
}

/* Where an activity ends on the timeline: an untimed one only starts. */
static double
end_ms (const activity *a)
{
  return a->start_mean_ms + (activity_is_timed (a) ? a->duration_ms.mean : 0.0);
}

/* The row an activity ends on.  Never before the row it starts on: a
 * capture's clock may run backwards (a console line is stamped at its first
 * byte but arrives whole), and an end point before its start would close a
 * column never opened. */
static int64_t
end_tick (const activity *a)
{
  return MAX (to_tick (a->start_mean_ms), to_tick (end_ms (a)));
}

void
report_timeline_append_duration (GString *out, const activity *a)
{
  if (!activity_is_timed (a))
    {
      g_string_append (out, a->n_failed == a->n_matched && a->n_failed > 0
                                ? "failed, not timed"
                                : event_clock_description (EVENT_CLOCK_NONE));
      return;
    }
  g_string_append_printf (out, "%.1fms", a->duration_ms.mean);
  if (a->n_timed >= 2 && !isnan (a->duration_ms.sd))
    g_string_append_printf (out, " ±%.1fms", a->duration_ms.sd);
  if (!isnan (a->percent_of_run))
    g_string_append_printf (out, " (%.1f%%)", a->percent_of_run);
}

/* The activity's clock when it is not the report's usual one, and the
 * console's cost beside the kernel's own duration. */
static void
append_clock (GString *out, const activity *a, event_clock usual)
{
  if (!activity_is_timed (a) || a->clock == usual)
    return;
  g_string_append_printf (out, " {%s", event_clock_description (a->clock));
  if (!isnan (a->gap_mean_ms) && fabs (a->gap_mean_ms - a->duration_ms.mean) >= 0.05)
    g_string_append_printf (out, "; console gap %.1fms", a->gap_mean_ms);
  g_string_append_c (out, '}');
}

/* The clock that timed most activities: named once, not on every line. */
static event_clock
usual_clock (const boot_analysis *an)
{
  guint count[EVENT_CLOCK_COUNT] = { 0 };
  for (guint i = 0; i < an->activities->len; i++)
    {
      const activity *a = g_ptr_array_index (an->activities, i);
      if (activity_is_timed (a) && (unsigned)a->clock < EVENT_CLOCK_COUNT)
        count[a->clock]++;
    }
  event_clock best = EVENT_CLOCK_NONE;
  for (int c = 0; c < EVENT_CLOCK_COUNT; c++)
    if (c != EVENT_CLOCK_KERNEL && count[c] > count[best])
      best = (event_clock)c;
  return best;
}

static void
append_name (GString *out, const activity *a, const timeline_options *opts)
{
  colour_on (out, opts, a->flagged ? C_FLAG : C_NAME);
  g_string_append (out, a->name);
  colour_on (out, opts, C_OFF);
  g_string_append_c (out, ' ');
  report_timeline_append_duration (out, a);
  append_clock (out, a, opts->usual_clock);
}

/* One output line: the time, then every column. */
static void
append_row (GString *out, int width, double ms, const GArray *columns,
            const char *const *marks, const timeline_options *opts)
{
  colour_on (out, opts, C_TIME);
  g_string_append_printf (out, "%*.1fms:", width, ms);
  colour_on (out, opts, C_OFF);
  colour_on (out, opts, C_BAR);
  for (guint c = 0; c < columns->len; c++)
    {
      g_string_append_c (out, ' ');
      if (marks[c])
        g_string_append (out, marks[c]);
      else
        g_string_append (out, g_array_index (columns, int, c) >= 0 ? "│" : " ");
    }
  colour_on (out, opts, C_OFF);
}

static void
append_timeline (GString *out, const boot_analysis *an, const timeline_options *opts)
{
  g_autoptr (GArray) points = g_array_new (FALSE, FALSE, sizeof (time_point));
  for (guint i = 0; i < an->activities->len; i++)
    {
      const activity *a = g_ptr_array_index (an->activities, i);
      if (a->n_matched == 0)
        continue;
      time_point s = { to_tick (a->start_mean_ms), TRUE, i };
      time_point e = { end_tick (a), FALSE, i };
      g_array_append_val (points, s);
      if (e.tick != s.tick) /* a zero-length activity only starts */
        g_array_append_val (points, e);
    }
  g_array_sort (points, compare_points);
  /* At least the original's %6.1f; wider when a boot takes 100 s or more. */
  int width = 6;
  if (points->len > 0)
    {
      g_autofree char *last = g_strdup_printf (
          "%.1f",
          (double)g_array_index (points, time_point, points->len - 1).tick / 10.0);
      width = MAX (width, (int)strlen (last));
    }

  /* columns[c] = activity index occupying column c, or -1. */
  g_autoptr (GArray) columns = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree int *column_of = g_new (int, MAX (an->activities->len, 1));
  g_autoptr (GPtrArray) marks = g_ptr_array_new ();

  guint i = 0;
  while (i < points->len)
    {
      int64_t tick = g_array_index (points, time_point, i).tick;
      double ms = (double)tick / 10.0;
      guint j = i;
      while (j < points->len && g_array_index (points, time_point, j).tick == tick)
        j++;
      guint first_start = i;
      while (first_start < j && !g_array_index (points, time_point, first_start).is_start)
        first_start++;

      g_ptr_array_set_size (marks, (gint)columns->len);
      for (guint c = 0; c < columns->len; c++)
        marks->pdata[c] = NULL;
      for (guint k = i; k < first_start; k++)
        marks->pdata[column_of[g_array_index (points, time_point, k).activity]]
            = (gpointer) "▼";

      if (first_start == j)
        {
          append_row (out, width, ms, columns, (const char *const *)marks->pdata, opts);
          g_string_append_c (out, '\n');
        }
      for (guint k = first_start; k < j; k++)
        {
          guint ai = g_array_index (points, time_point, k).activity;
          /* Left-most column neither open nor ending on this row. */
          guint c = 0;
          while (c < columns->len
                 && (g_array_index (columns, int, c) >= 0 || marks->pdata[c] != NULL))
            c++;
          if (c == columns->len)
            {
              int none = -1;
              g_array_append_val (columns, none);
              g_ptr_array_add (marks, NULL);
            }
          g_array_index (columns, int, c) = (int)ai;
          column_of[ai] = (int)c;
          marks->pdata[c] = (gpointer) "▲";
          append_row (out, width, ms, columns, (const char *const *)marks->pdata, opts);
          g_string_append_c (out, ' ');
          append_name (out, g_ptr_array_index (an->activities, ai), opts);
          g_string_append_c (out, '\n');
          /* An activity of zero length (at this precision) holds no column. */
          const activity *a = g_ptr_array_index (an->activities, ai);
          if (end_tick (a) == tick)
            g_array_index (columns, int, c) = -1;
          /* ▼ and ▲ are drawn once; the ended columns are free from now on. */
          for (guint x = 0; x < marks->len; x++)
            if (marks->pdata[x] != NULL)
              {
                if (strcmp (marks->pdata[x], "▼") == 0)
                  g_array_index (columns, int, x) = -1;
                marks->pdata[x] = NULL;
              }
        }
      for (guint k = i; k < first_start; k++)
        g_array_index (columns, int,
                       column_of[g_array_index (points, time_point, k).activity])
            = -1;
      while (columns->len > 0 && g_array_index (columns, int, columns->len - 1) < 0)
        g_array_set_size (columns, columns->len - 1);
      i = j;
    }
}

static void
append_longest (GString *out, const boot_analysis *an, const timeline_options *opts)
{
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  for (guint i = 0; i < an->activities->len; i++)
    {
      activity *a = g_ptr_array_index (an->activities, i);
      if (a->n_matched > 0)
        g_ptr_array_add (sorted, a);
    }
  g_ptr_array_sort (sorted, activity_compare_longer_first);
  guint n = opts->top > 0 ? MIN (opts->top, sorted->len) : sorted->len;
  g_string_append (out, "\nLongest activities:\n\n");
  for (guint i = 0; i < n; i++)
    {
      const activity *a = g_ptr_array_index (sorted, i);
      g_string_append (out, "  ");
      append_name (out, a, opts);
      g_string_append_c (out, '\n');
    }
  if (n < sorted->len)
    g_string_append_printf (out, "  ... and %u more (--top to show more)\n",
                            sorted->len - n);
}

static void
append_clocks (GString *out, const boot_analysis *an)
{
  const clock_comparison *c = &an->clocks;
  g_string_append (out, "\nHost clock against the guest's printk clock:\n\n");
  if (c->n_lines == 0)
    {
      g_string_append (out, "  no console line has both a host arrival time and a printk "
                            "time (a plain log has no host clock)\n");
      return;
    }
  g_string_append_printf (out,
                          "  %u console lines with a printk time\n"
                          "  guest time 0 is %.1fms after launch on the host "
                          "(mean over passes)\n"
                          "  serial console lag beyond the fastest line: mean %.1fms, "
                          "max %.1fms\n",
                          c->n_lines, c->offset_mean_ms, c->lag_mean_ms, c->lag_max_ms);
}

/* Pass numbers as runs ("passes 0-9999", "pass 3"), at most
 * TIMELINE_MAX_PASS_RUNS of them and then how many passes more: a rule missing
 * from 10,000 passes is one short line, not 10,000 numbers. */
#define TIMELINE_MAX_PASS_RUNS 8

static void
append_pass_ranges (GString *out, const GArray *passes)
{
  g_string_append (out, passes->len == 1 ? "pass " : "passes ");
  guint k = 0;
  for (guint shown = 0; k < passes->len && shown < TIMELINE_MAX_PASS_RUNS; shown++)
    {
      guint first = g_array_index (passes, guint, k), last = first;
      while (k + 1 < passes->len && g_array_index (passes, guint, k + 1) == last + 1)
        last = g_array_index (passes, guint, ++k);
      k++;
      g_string_append_printf (out, shown > 0 ? ", %u" : "%u", first);
      if (last > first)
        g_string_append_printf (out, "-%u", last);
    }
  if (k < passes->len)
    g_string_append_printf (out, " and %u more", passes->len - k);
}

static void
append_unmatched (GString *out, const boot_analysis *an)
{
  if (an->unmatched->len == 0)
    return;
  g_string_append (out, "\nRules that did not match:\n\n");
  for (guint i = 0; i < an->unmatched->len; i++)
    {
      const unmatched_rule *u = g_ptr_array_index (an->unmatched, i);
      g_string_append_printf (out, "  %s: in %u of %u passes (", u->rule, u->passes->len,
                              an->n_passes);
      append_pass_ranges (out, u->passes);
      g_string_append (out, ")");
      if (u->note)
        g_string_append_printf (out, ": %s", u->note);
      g_string_append_c (out, '\n');
    }
}

/* Which clocks timed the activities: the usual one is not repeated on each line. */
static void
append_clock_legend (GString *out, const boot_analysis *an, event_clock usual)
{
  guint count[EVENT_CLOCK_COUNT] = { 0 };
  for (guint i = 0; i < an->activities->len; i++)
    {
      const activity *a = g_ptr_array_index (an->activities, i);
      if (a->n_matched > 0)
        count[activity_is_timed (a) ? a->clock : EVENT_CLOCK_NONE]++;
    }
  g_string_append (out, "Timed by:");
  const char *sep = " ";
  for (int c = 0; c < EVENT_CLOCK_COUNT; c++)
    if (count[c] > 0)
      {
        g_string_append_printf (out, "%s%s %u", sep, event_clock_description (c),
                                count[c]);
        sep = ", ";
      }
  if (usual != EVENT_CLOCK_NONE)
    g_string_append_printf (out, " (%s unless marked {...})",
                            event_clock_description (usual));
  g_string_append (out, "\n\n");
}

static void
append_notes (GString *out, const boot_analysis *an)
{
  if (!an->notes || an->notes->len == 0)
    return;
  g_string_append (out, "\nNotes on the input:\n\n");
  for (guint i = 0; i < an->notes->len; i++)
    {
      const analysis_note *n = g_ptr_array_index (an->notes, i);
      g_string_append_printf (out, "  pass %u: ", n->pass);
      if (n->clock == EVENT_CLOCK_NONE)
        g_string_append (out, "(no clock) ");
      else
        g_string_append_printf (out, "%.1fms: ", (double)n->time_ns / 1e6);
      if (strcmp (n->kind, "input") != 0)
        g_string_append_printf (out, "kernel %s: ", n->kind);
      g_string_append (out, n->text);
      if (n->ends_pass)
        g_string_append (out, " [the pass ended with it]");
      g_string_append_c (out, '\n');
    }
}

void
report_timeline_append (GString *out, const boot_analysis *an,
                        const timeline_options *opts)
{
  timeline_options o = *opts;
  o.usual_clock = usual_clock (an);
  append_clock_legend (out, an, o.usual_clock);
  append_timeline (out, an, &o);
  append_longest (out, an, &o);
  append_clocks (out, an);
  append_unmatched (out, an);
  append_notes (out, an);
}
