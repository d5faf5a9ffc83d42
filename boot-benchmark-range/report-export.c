/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report-export.c: --json and --csv: every commit's raw samples and verdict,
 * and the run's outcome, for scripts and for re-analysis without rebooting. */

#include <config.h>

#include <math.h>

#include <json-glib/json-glib.h>

#include "csv.h"
#include "json-util.h"
#include "model-json.h"
#include "range.h"

static const char *
outcome_name (range_outcome o)
{
  switch (o)
    {
    case RANGE_OUTCOME_CHANGED:
      return "changed";
    case RANGE_OUTCOME_NO_CHANGE:
      return "no-change";
    case RANGE_OUTCOME_INCONCLUSIVE:
      return "inconclusive";
    case RANGE_OUTCOME_INTERRUPTED:
      return "interrupted";
    case RANGE_OUTCOME_FAILED:
      return "failed";
    }
  return "unknown";
}

/* The paired comparison: estimate, interval at the look's level, p. */
static void
add_comparison (JsonBuilder *b, const stats_paired *k, const range_pairing *p)
{
  json_member_int (b, "pairs", (gint64)k->n);
  json_member_double (b, "p_value", k->p_value);
  json_member_double (b, "diff_pct", k->pct);
  json_member_double (b, "ci_level", 1 - p->look_alpha);
  json_member_double (b, "diff_pct_ci_low", k->have_interval ? k->pct_low : NAN);
  json_member_double (b, "diff_pct_ci_high", k->have_interval ? k->pct_high : NAN);
  json_member_int (b, "rounds", p->rounds);
  json_member_int (b, "rounds_set_aside", p->rounds_dropped);
  json_member_boolean (b, "host_changed", p->host_changed);
  json_member_double (b, "noise_cv", p->noise_cv);
  json_member_double (b, "reference_shift_pct", p->ref_shift_pct);
  json_member_double (b, "load_first", p->load_first);
  json_member_double (b, "load_max", p->load_max);
}

static void
add_commit (JsonBuilder *b, const range_session *s, const range_commit *c)
{
  json_builder_begin_object (b);
  json_member_string (b, "commit", c->sha);
  json_member_string (b, "subject", c->subject);
  json_member_int (b, "index", c->index);
  json_member_string (b, "build",
                      c->build == BUILD_OK       ? "ok"
                      : c->build == BUILD_FAILED ? "failed"
                                                 : "not-built");
  json_member_string (b, "build_log", c->build_log);
  json_member_string (b, "build_reason", c->build_reason);
  json_member_double (b, "build_seconds", c->build_s);
  json_member_string (b, "verdict", commit_verdict_name (c->verdict));
  json_member_string (b, "skip_reason",
                      c->verdict == VERDICT_SKIPPED ? c->skip_reason : NULL);
  json_builder_set_member_name (b, "samples_ms");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->samples_ms->len; i++)
    json_add_double (b, g_array_index (c->samples_ms, double, i));
  json_builder_end_array (b);
  if (c->samples_ms->len > 0)
    {
      sample_summary sum;
      range_commit_summary (c, &sum);
      model_json_summary (b, "summary", &sum, "ms");
    }
  json_member_string (b, "compared_with",
                      c->compared_with >= 0
                          ? range_session_commit (s, (guint)c->compared_with)->sha
                          : NULL);
  if (c->have_comparison)
    add_comparison (b, &c->comparison, &c->pairing);
  json_member_boolean (b, "against_direction", c->against_direction);
  json_member_boolean (b, "search_step", c->search_step);
  json_member_double (b, "step_midpoint_pct",
                      c->search_step ? c->step_midpoint_pct : NAN);
  range_run_list_json (b, "runs", c->run_list, TRUE);
  json_builder_end_object (b);
}

char *
range_report_json (const range_session *s, const range_result *r)
{
  const range_options *o = s->opts;
  g_autoptr (JsonBuilder) b = model_json_document_new ("boot-benchmark-range");
  json_member_string (b, "repo", o->repo);
  json_member_string (b, "range", o->range);
  json_member_string (b, "mode",
                      o->mode == RANGE_MODE_BISECT  ? "bisect"
                      : o->mode == RANGE_MODE_SWEEP ? "sweep"
                                                    : "judge");
  json_member_string (b, "kind", range_kind_name (o->kind));
  json_member_string (b, "test", "paired signed-rank (Hodges-Lehmann, Walsh interval)");
  json_member_double (b, "alpha", o->alpha);
  json_member_double (b, "comparison_alpha", s->comparison_alpha);
  json_member_double (b, "look_alpha", s->plan.look_alpha);
  json_member_double (b, "noise_cv", s->noise_cv);
  json_member_double (b, "threshold_pct", o->threshold_pct);
  json_member_int (b, "passes", o->passes);
  json_member_int (b, "max_passes", o->max_passes);
  json_member_string (b, "config_key", s->config_key);
  json_member_string (b, "config", s->config_text);
  json_member_string (b, "outcome", outcome_name (r->outcome));
  json_member_boolean (b, "complete",
                       r->outcome != RANGE_OUTCOME_INTERRUPTED
                           && r->outcome != RANGE_OUTCOME_FAILED);
  json_member_string (b, "baseline",
                      r->baseline >= 0 ? range_session_commit (s, (guint)r->baseline)->sha
                                       : NULL);
  json_member_string (b, "first_changed",
                      r->first_changed >= 0
                          ? range_session_commit (s, (guint)r->first_changed)->sha
                          : NULL);
  json_member_string (b, "confirmed_against",
                      r->confirm_parent >= 0
                          ? range_session_commit (s, (guint)r->confirm_parent)->sha
                          : NULL);
  if (r->confirm_parent >= 0)
    {
      json_builder_set_member_name (b, "confirmation");
      json_builder_begin_object (b);
      json_member_string (b, "verdict", commit_verdict_name (r->confirmed));
      json_member_double (b, "p_value", r->confirmation.p_value);
      json_member_double (b, "diff_pct", r->confirmation.pct);
      json_member_double (b, "diff_pct_ci_low", r->confirmation.pct_low);
      json_member_double (b, "diff_pct_ci_high", r->confirmation.pct_high);
      /* What names the commit: the interval's bound on the range's side,
       * a one-sided bound at bound_level at the look that decided (over
       * all the looks it misses with a chance of alpha). */
      gboolean have = r->confirmation.alpha > 0;
      json_member_double (b, "ci_level", have ? 1 - r->confirmation.alpha : NAN);
      json_member_double (b, "bound_level", have ? 1 - r->confirmation.alpha / 2 : NAN);
      json_builder_end_object (b);
    }
  json_member_string (b, "uncertain", r->uncertain);
  json_member_int (b, "host_changes", r->host_changes);
  json_builder_set_member_name (b, "suspects");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->suspects->len; i++)
    json_builder_add_string_value (
        b, range_session_commit (s, g_array_index (r->suspects, guint, i))->sha);
  json_builder_end_array (b);
  json_member_int (b, "commits_benchmarked", s->commits_benchmarked);
  json_member_int (b, "benchmark_runs", s->benchmark_runs);
  json_member_double (b, "elapsed_s",
                      (double)(g_get_monotonic_time () * 1000 - s->start_ns) / 1e9);
  json_builder_set_member_name (b, "commits");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->commits->len; i++)
    add_commit (b, s, range_session_commit (s, i));
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_to_text (b, TRUE, NULL);
}

/* One row per sample; a commit without samples gets one row with an empty
 * sample so that skipped commits are listed too. */
char *
range_report_csv (const range_session *s, const range_result *r)
{
  GString *out = g_string_new ("commit,subject,verdict,compared_with,p_value,diff_pct,"
                               "sample,wall_ms\n");
  for (guint i = 0; i < s->commits->len; i++)
    {
      const range_commit *c = range_session_commit (s, i);
      guint rows = MAX (c->samples_ms->len, 1);
      for (guint k = 0; k < rows; k++)
        {
          g_string_append_printf (out, "%s,", c->sha);
          csv_append_field (out, c->subject);
          g_string_append_printf (
              out, ",%s,%s,", commit_verdict_name (c->verdict),
              c->compared_with >= 0
                  ? range_session_commit (s, (guint)c->compared_with)->sha
                  : "");
          if (c->have_comparison)
            g_string_append_printf (out, "%.6g,%.3f,", c->comparison.p_value,
                                    c->comparison.pct);
          else
            g_string_append (out, ",,");
          if (k < c->samples_ms->len)
            g_string_append_printf (out, "%u,%.3f\n", k + 1,
                                    g_array_index (c->samples_ms, double, k));
          else
            g_string_append (out, ",\n");
        }
    }
  return g_string_free (out, FALSE);
}
