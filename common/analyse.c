/* SPDX-License-Identifier: GPL-2.0-or-later */
/* analyse.c: activities across passes.  Each pass is matched on its own
 * (rules.c); each match is timed by the clock its two lines share (or by
 * the kernel's own report, or not at all); activities are then joined by
 * name, summarised with stats.c, sorted, and nested by time containment of
 * their means.  Notes about each pass (clock jumps from the reader, kernel
 * panics found here) travel beside them. */
#include <config.h>

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "analyse.h"
#include "events.h"
#include "printk-time.h"

static activity *
activity_new (const rule_set *rs, const rule_match *m, guint n_passes)
{
  activity *a = g_new0 (activity, 1);
  a->name = g_strdup (m->name);
  a->rule = g_strdup (rule_name (rs, m->rule));
  a->is_long = rule_is_long (rs, m->rule);
  a->spans = g_array_sized_new (FALSE, TRUE, sizeof (activity_span), n_passes);
  g_array_set_size (a->spans, n_passes);
  return a;
}

static double
end_mean_ms (const activity *a)
{
  return a->start_mean_ms + (activity_is_timed (a) ? a->duration_ms.mean : 0.0);
}

static void
summarise (activity *a)
{
  g_autofree double *starts = g_new (double, a->spans->len);
  g_autofree double *durations = g_new (double, a->spans->len);
  g_autofree double *gaps = g_new (double, a->spans->len);
  guint n = 0, timed = 0, n_gaps = 0;
  a->clock = EVENT_CLOCK_NONE;
  for (guint p = 0; p < a->spans->len; p++)
    {
      const activity_span *s = &g_array_index (a->spans, activity_span, p);
      if (!s->matched)
        continue;
      starts[n++] = (double)s->start_ns / 1e6;
      a->n_failed += s->failed;
      if (s->clock == EVENT_CLOCK_NONE)
        continue;
      if (timed == 0)
        a->clock = s->clock;
      /* In doubles: times from outside may be far apart. */
      durations[timed++] = ((double)s->end_ns - (double)s->start_ns) / 1e6;
      if (s->gap_ns >= 0)
        gaps[n_gaps++] = (double)s->gap_ns / 1e6;
    }
  a->n_matched = n;
  a->n_timed = timed;
  a->start_mean_ms = stats_mean (starts, n);
  stats_summarise (durations, timed, &a->duration_ms);
  a->gap_mean_ms = n_gaps > 0 ? stats_mean (gaps, n_gaps) : NAN;
}

static int
compare_activities (gconstpointer pa, gconstpointer pb)
{
  const activity *a = *(const activity *const *)pa;
  const activity *b = *(const activity *const *)pb;
  if (a->start_mean_ms != b->start_mean_ms)
    return a->start_mean_ms < b->start_mean_ms ? -1 : 1;
  if (activity_sort_ms (a) != activity_sort_ms (b))
    return activity_sort_ms (a) > activity_sort_ms (b) ? -1 : 1;
  return strcmp (a->name, b->name);
}

/* The parent is the shortest strictly longer activity whose mean span holds
 * the child's; strictness keeps equal spans siblings and rules out cycles. */
static void
nest (GPtrArray *activities)
{
  /* A plain copy: g_ptr_array_copy would also copy the free function. */
  g_autoptr (GPtrArray) by_length = g_ptr_array_sized_new (activities->len);
  for (guint i = 0; i < activities->len; i++)
    g_ptr_array_add (by_length, g_ptr_array_index (activities, i));
  g_ptr_array_sort (by_length, activity_compare_longer_first);
  for (guint i = 0; i < by_length->len; i++)
    {
      activity *a = g_ptr_array_index (by_length, i);
      const activity *best = NULL;
      for (guint j = 0; j < i; j++)
        {
          const activity *b = g_ptr_array_index (by_length, j);
          if (activity_sort_ms (b) > MAX (activity_sort_ms (a), 0.0)
              && b->start_mean_ms <= a->start_mean_ms
              && end_mean_ms (b) >= end_mean_ms (a)
              && (!best || activity_sort_ms (b) <= activity_sort_ms (best)))
            best = b;
        }
      g_free (a->parent);
      a->parent = best ? g_strdup (best->name) : NULL;
      a->depth = best ? best->depth + 1 : 0;
    }
}

/* Guest time 0 on the pass's timeline: the line that crossed the serial
 * console fastest fixes it (host_only: captures' host arrival; otherwise any
 * line placed by its own stamp).  Lines stamped 0.000000 are left out: the
 * kernel prints them for seconds (under TCG) before its clock starts.
 * INT64_MAX when no line has both. */
static int64_t
guest_zero_ns (const pass_events *pe, gboolean host_only)
{
  int64_t offset = INT64_MAX;
  for (guint e = 0; e < pe->events->len; e++)
    {
      const boot_event *ev = &g_array_index (pe->events, boot_event, e);
      if (ev->source == EVENT_SOURCE_CONSOLE && ev->guest_time_ns > 0
          && ev->clock != EVENT_CLOCK_NONE
          && (!host_only || ev->clock == EVENT_CLOCK_HOST))
        offset = MIN (offset, ev->time_ns - ev->guest_time_ns);
    }
  return offset;
}

static void
compare_clocks (const GPtrArray *passes, clock_comparison *out)
{
  memset (out, 0, sizeof *out);
  double offset_sum = 0, lag_sum = 0;
  guint passes_with_times = 0;
  for (guint p = 0; p < passes->len; p++)
    {
      const pass_events *pe = g_ptr_array_index (passes, p);
      int64_t offset = guest_zero_ns (pe, TRUE);
      if (offset == INT64_MAX)
        continue;
      passes_with_times++;
      offset_sum += (double)offset / 1e6;
      for (guint e = 0; e < pe->events->len; e++)
        {
          const boot_event *ev = &g_array_index (pe->events, boot_event, e);
          if (ev->source != EVENT_SOURCE_CONSOLE || ev->guest_time_ns <= 0
              || ev->clock != EVENT_CLOCK_HOST)
            continue;
          double lag = (double)(ev->time_ns - ev->guest_time_ns - offset) / 1e6;
          out->n_lines++;
          lag_sum += lag;
          out->lag_max_ms = MAX (out->lag_max_ms, lag);
        }
    }
  if (passes_with_times > 0)
    {
      out->offset_mean_ms = offset_sum / passes_with_times;
      out->lag_mean_ms = lag_sum / out->n_lines;
    }
}

/* Two clocks of one side (host arrival and libguestfs's stamps): the
 * coarser names the pair. */
static event_clock
shared_clock (event_clock a, event_clock b)
{
  if (a == EVENT_CLOCK_NONE || b == EVENT_CLOCK_NONE
      || event_clock_side (a) != event_clock_side (b))
    return EVENT_CLOCK_NONE;
  return a == b ? a : EVENT_CLOCK_LIBGUESTFS;
}

/* Time one match: the kernel's own duration, else the clock both its lines
 * share, else none (a place on the timeline, no duration). */
static activity_span
time_match (const pass_events *pe, const rule_match *m, int64_t guest_zero)
{
  const boot_event *b = &g_array_index (pe->events, boot_event, m->begin_event);
  const boot_event *e = &g_array_index (pe->events, boot_event, m->end_event);
  activity_span s = { .matched = TRUE,
                      .failed = m->failed,
                      .clock = EVENT_CLOCK_NONE,
                      .start_ns = m->start_ns,
                      .end_ns = m->start_ns,
                      .gap_ns = -1 };
  if (m->failed)
    return s;
  event_clock both = shared_clock (b->clock, e->clock);
  int64_t between
      = both != EVENT_CLOCK_NONE ? event_clock_time (e) - event_clock_time (b) : -1;
  if (m->reported_ns >= 0)
    {
      /* Its start is its own printk stamp, on the pass's timeline. */
      if (b->clock == EVENT_CLOCK_HOST && b->guest_time_ns >= 0
          && guest_zero != INT64_MAX)
        s.start_ns = guest_zero + b->guest_time_ns;
      s.clock = EVENT_CLOCK_KERNEL;
      s.end_ns = s.start_ns + m->reported_ns;
      s.gap_ns = between;
      return s;
    }
  if (between < 0)
    return s;
  s.clock = both;
  s.end_ns = s.start_ns + between;
  return s;
}

static void
add_note (boot_analysis *an, guint pass, const char *kind, char *text, int64_t time_ns,
          event_clock clock, gboolean ends_pass)
{
  analysis_note *n = g_new0 (analysis_note, 1);
  n->pass = pass;
  n->kind = g_strdup (kind);
  n->text = text;
  n->time_ns = time_ns;
  n->clock = clock;
  n->ends_pass = ends_pass;
  g_ptr_array_add (an->notes, n);
}

/* A kernel panic, oops or BUG (the first of them in the pass). */
static const char *
incident_kind (const char *body)
{
  /* Most lines are turned away by their first byte. */
  if (!strchr ("KOIgBk", body[0]) || body[0] == '\0')
    return NULL;
  if (g_str_has_prefix (body, "Kernel panic - not syncing"))
    return "panic";
  if (g_str_has_prefix (body, "Oops") || g_str_has_prefix (body, "Internal error: Oops")
      || g_str_has_prefix (body, "general protection fault"))
    return "oops";
  if (g_str_has_prefix (body, "BUG: ") || g_str_has_prefix (body, "kernel BUG at "))
    return "bug";
  return NULL;
}

/* The reader's notes about the input, and the pass's first kernel panic,
 * oops or BUG, which ended it. */
static void
collect_notes (boot_analysis *an, const pass_events *pe)
{
  gboolean incident = FALSE;
  for (guint e = 0; e < pe->events->len; e++)
    {
      const boot_event *ev = &g_array_index (pe->events, boot_event, e);
      if (ev->source == EVENT_SOURCE_NOTE)
        add_note (an, pe->pass, "input", event_message_escape (ev->message), ev->time_ns,
                  ev->clock, FALSE);
      if (ev->source != EVENT_SOURCE_CONSOLE || incident)
        continue;
      const char *body;
      printk_time_parse (ev->message, NULL, &body);
      const char *kind = incident_kind (body);
      if (!kind)
        continue;
      incident = TRUE;
      add_note (an, pe->pass, kind, event_message_escape (body), ev->time_ns, ev->clock,
                TRUE);
    }
}

static gboolean
report_missing (const rule_set *rs, guint rule, const pass_events *pe,
                const rule_match *unended, GError **error)
{
  if (unended)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "rule '%s' (%s) did not match in pass %u: its begin was seen at "
                 "%.1fms but never its end; keep the capture with --save FILE to "
                 "check the rule against it",
                 rule_name (rs, rule), rule_set_origin (rs), pe->pass,
                 (double)unended->start_ns / 1e6);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "rule '%s' (%s) did not match in pass %u: its begin was never seen; "
                 "keep the capture with --save FILE to check the rule against it",
                 rule_name (rs, rule), rule_set_origin (rs), pe->pass);
  return FALSE;
}

/* Match one pass and file its activities; rule_ok[r] says which rules
 * matched.  FALSE (with error) when a mandatory one did not. */
static gboolean
analyse_pass (const rule_set *rs, const pass_events *pe, guint p, boot_analysis *an,
              GHashTable *by_name, gboolean *rule_ok, gboolean enforce_mandatory,
              GError **error)
{
  guint n_rules = rule_set_count (rs);
  g_autoptr (GArray) matches = rules_match_pass (rs, pe, error);
  if (!matches)
    return FALSE;
  g_autofree const rule_match **unended = g_new0 (const rule_match *, n_rules);
  int64_t guest_zero = guest_zero_ns (pe, TRUE);
  for (guint i = 0; i < matches->len; i++)
    {
      const rule_match *m = &g_array_index (matches, rule_match, i);
      if (!m->ended)
        {
          if (!unended[m->rule])
            unended[m->rule] = m;
          continue;
        }
      rule_ok[m->rule] = TRUE;
      activity *a = g_hash_table_lookup (by_name, m->name);
      if (!a)
        {
          a = activity_new (rs, m, an->n_passes);
          g_ptr_array_add (an->activities, a);
          g_hash_table_insert (by_name, a->name, a);
        }
      g_array_index (a->spans, activity_span, p) = time_match (pe, m, guest_zero);
    }
  collect_notes (an, pe);
  for (guint r = 0; r < n_rules; r++)
    if (enforce_mandatory && rule_is_mandatory (rs, r) && !rule_ok[r])
      return report_missing (rs, r, pe, unended[r], error);
  return TRUE;
}

static void
list_unmatched (const rule_set *rs, const GPtrArray *passes, const gboolean *rule_ok,
                boot_analysis *an)
{
  guint n_rules = rule_set_count (rs);
  for (guint r = 0; r < n_rules; r++)
    {
      GArray *missing = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint p = 0; p < passes->len; p++)
        if (!rule_ok[(gsize)p * n_rules + r])
          {
            const pass_events *pe = g_ptr_array_index (passes, p);
            g_array_append_val (missing, pe->pass);
          }
      if (missing->len == 0)
        {
          g_array_unref (missing);
          continue;
        }
      unmatched_rule *u = g_new0 (unmatched_rule, 1);
      u->rule = g_strdup (rule_name (rs, r));
      u->note = g_strdup (rule_missing_note (rs, r));
      u->passes = missing;
      g_ptr_array_add (an->unmatched, u);
    }
}

/* Statistics, the run's length (the "run" activity's, else the latest timed
 * end), percentages and flags. */
static void
summarise_all (boot_analysis *an, GHashTable *by_name)
{
  for (guint i = 0; i < an->activities->len; i++)
    summarise (g_ptr_array_index (an->activities, i));
  const activity *run = g_hash_table_lookup (by_name, "run");
  if (run && activity_is_timed (run))
    an->run_mean_ms = run->duration_ms.mean;
  else
    for (guint i = 0; i < an->activities->len; i++)
      {
        const activity *a = g_ptr_array_index (an->activities, i);
        if (activity_is_timed (a))
          an->run_mean_ms = MAX (an->run_mean_ms, end_mean_ms (a));
      }
  for (guint i = 0; i < an->activities->len; i++)
    {
      activity *a = g_ptr_array_index (an->activities, i);
      a->percent_of_run = an->run_mean_ms > 0 && activity_is_timed (a)
                              ? 100.0 * a->duration_ms.mean / an->run_mean_ms
                              : NAN;
      a->flagged = activity_is_timed (a) && !a->is_long && a->percent_of_run >= 1.0;
    }
}

boot_analysis *
boot_analyse (const rule_set *rs, const GPtrArray *passes, gboolean enforce_mandatory,
              GError **error)
{
  guint n_passes = passes->len, n_rules = rule_set_count (rs);
  g_autoptr (boot_analysis) an = boot_analysis_new (n_passes);
  g_autoptr (GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gboolean *rule_ok = g_new0 (gboolean, (gsize)n_rules * MAX (n_passes, 1));

  for (guint p = 0; p < n_passes; p++)
    if (!analyse_pass (rs, g_ptr_array_index (passes, p), p, an, by_name,
                       rule_ok + (gsize)p * n_rules, enforce_mandatory, error))
      return NULL;
  list_unmatched (rs, passes, rule_ok, an);
  summarise_all (an, by_name);
  g_ptr_array_sort (an->activities, compare_activities);
  nest (an->activities);
  compare_clocks (passes, &an->clocks);
  return g_steal_pointer (&an);
}
