/* analyse.c: activities across passes.  Each pass is matched on its own
 * (rules.c); activities are then joined by name, summarised with stats.c,
 * sorted, and nested by time containment of their means. */
#include <config.h>

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "analyse.h"

void
activity_free (activity *a)
{
  if (!a)
    return;
  g_free (a->name);
  g_free (a->rule);
  g_free (a->parent);
  if (a->spans)
    g_array_unref (a->spans);
  g_free (a);
}

static void
unmatched_rule_free (unmatched_rule *u)
{
  g_free (u->rule);
  g_array_unref (u->passes);
  g_free (u);
}

void
boot_analysis_free (boot_analysis *an)
{
  if (!an)
    return;
  g_ptr_array_unref (an->activities);
  g_ptr_array_unref (an->unmatched);
  g_free (an);
}

const activity *
boot_analysis_find (const boot_analysis *an, const char *name)
{
  for (guint i = 0; i < an->activities->len; i++)
    {
      const activity *a = g_ptr_array_index (an->activities, i);
      if (strcmp (a->name, name) == 0)
        return a;
    }
  return NULL;
}

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
  return a->start_mean_ms + a->duration_ms.mean;
}

static void
summarise (activity *a)
{
  g_autofree double *starts = g_new (double, a->spans->len);
  g_autofree double *durations = g_new (double, a->spans->len);
  guint n = 0;
  for (guint p = 0; p < a->spans->len; p++)
    {
      const activity_span *s = &g_array_index (a->spans, activity_span, p);
      if (!s->matched)
        continue;
      starts[n] = (double)s->start_ns / 1e6;
      durations[n] = (double)(s->end_ns - s->start_ns) / 1e6;
      n++;
    }
  a->n_matched = n;
  a->start_mean_ms = stats_mean (starts, n);
  stats_summarise (durations, n, &a->duration_ms);
}

static int
compare_activities (gconstpointer pa, gconstpointer pb)
{
  const activity *a = *(const activity *const *)pa;
  const activity *b = *(const activity *const *)pb;
  if (a->start_mean_ms != b->start_mean_ms)
    return a->start_mean_ms < b->start_mean_ms ? -1 : 1;
  if (a->duration_ms.mean != b->duration_ms.mean)
    return a->duration_ms.mean > b->duration_ms.mean ? -1 : 1;
  return strcmp (a->name, b->name);
}

int
activity_compare_longer_first (gconstpointer pa, gconstpointer pb)
{
  const activity *a = *(const activity *const *)pa;
  const activity *b = *(const activity *const *)pb;
  if (a->duration_ms.mean != b->duration_ms.mean)
    return a->duration_ms.mean > b->duration_ms.mean ? -1 : 1;
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
          if (b->duration_ms.mean > a->duration_ms.mean
              && b->start_mean_ms <= a->start_mean_ms
              && end_mean_ms (b) >= end_mean_ms (a)
              && (!best || b->duration_ms.mean <= best->duration_ms.mean))
            best = b;
        }
      g_free (a->parent);
      a->parent = best ? g_strdup (best->name) : NULL;
      a->depth = best ? best->depth + 1 : 0;
    }
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
      /* The line that crossed the serial console fastest fixes the offset.
       * Lines stamped 0.000000 are left out: the kernel prints them for
       * seconds (under TCG) before its clock starts. */
      int64_t offset = INT64_MAX;
      for (guint e = 0; e < pe->events->len; e++)
        {
          const boot_event *ev = &g_array_index (pe->events, boot_event, e);
          if (ev->source == EVENT_SOURCE_CONSOLE && ev->guest_time_ns > 0)
            offset = MIN (offset, ev->time_ns - ev->guest_time_ns);
        }
      if (offset == INT64_MAX)
        continue;
      passes_with_times++;
      offset_sum += (double)offset / 1e6;
      for (guint e = 0; e < pe->events->len; e++)
        {
          const boot_event *ev = &g_array_index (pe->events, boot_event, e);
          if (ev->source != EVENT_SOURCE_CONSOLE || ev->guest_time_ns <= 0)
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

boot_analysis *
boot_analyse (const rule_set *rs, const GPtrArray *passes, gboolean enforce_mandatory,
              GError **error)
{
  guint n_passes = passes->len, n_rules = rule_set_count (rs);
  g_autoptr (boot_analysis) an = g_new0 (boot_analysis, 1);
  an->n_passes = n_passes;
  an->activities = g_ptr_array_new_with_free_func ((GDestroyNotify)activity_free);
  an->unmatched = g_ptr_array_new_with_free_func ((GDestroyNotify)unmatched_rule_free);
  g_autoptr (GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gboolean *rule_ok = g_new0 (gboolean, (gsize)n_rules * MAX (n_passes, 1));

  for (guint p = 0; p < n_passes; p++)
    {
      const pass_events *pe = g_ptr_array_index (passes, p);
      g_autoptr (GArray) matches = rules_match_pass (rs, pe);
      g_autofree const rule_match **unended = g_new0 (const rule_match *, n_rules);
      for (guint i = 0; i < matches->len; i++)
        {
          const rule_match *m = &g_array_index (matches, rule_match, i);
          if (!m->ended)
            {
              if (!unended[m->rule])
                unended[m->rule] = m;
              continue;
            }
          rule_ok[(gsize)p * n_rules + m->rule] = TRUE;
          activity *a = g_hash_table_lookup (by_name, m->name);
          if (!a)
            {
              a = activity_new (rs, m, n_passes);
              g_ptr_array_add (an->activities, a);
              g_hash_table_insert (by_name, a->name, a);
            }
          activity_span *s = &g_array_index (a->spans, activity_span, p);
          *s = (activity_span){ .matched = TRUE,
                                .start_ns = m->start_ns,
                                .end_ns = m->end_ns };
        }
      for (guint r = 0; r < n_rules; r++)
        if (enforce_mandatory && rule_is_mandatory (rs, r)
            && !rule_ok[(gsize)p * n_rules + r])
          {
            report_missing (rs, r, pe, unended[r], error);
            return NULL;
          }
    }

  for (guint r = 0; r < n_rules; r++)
    {
      GArray *missing = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint p = 0; p < n_passes; p++)
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
      u->passes = missing;
      g_ptr_array_add (an->unmatched, u);
    }

  for (guint i = 0; i < an->activities->len; i++)
    summarise (g_ptr_array_index (an->activities, i));
  const activity *run = g_hash_table_lookup (by_name, "run");
  if (run)
    an->run_mean_ms = run->duration_ms.mean;
  else
    for (guint i = 0; i < an->activities->len; i++)
      an->run_mean_ms
          = MAX (an->run_mean_ms, end_mean_ms (g_ptr_array_index (an->activities, i)));
  for (guint i = 0; i < an->activities->len; i++)
    {
      activity *a = g_ptr_array_index (an->activities, i);
      a->percent_of_run
          = an->run_mean_ms > 0 ? 100.0 * a->duration_ms.mean / an->run_mean_ms : NAN;
      a->flagged = !a->is_long && a->percent_of_run >= 1.0;
    }
  g_ptr_array_sort (an->activities, compare_activities);
  nest (an->activities);
  compare_clocks (passes, &an->clocks);
  return g_steal_pointer (&an);
}
