/* report-export.c: --json and --csv: every commit's raw samples and verdict,
 * and the run's outcome, for scripts and for re-analysis without rebooting. */

#include <config.h>

#include <math.h>

#include <json-glib/json-glib.h>

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
    }
  return "unknown";
}

static void
add_number (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
add_string (JsonBuilder *b, const char *name, const char *v)
{
  json_builder_set_member_name (b, name);
  if (v)
    json_builder_add_string_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
add_commit (JsonBuilder *b, const range_session *s, const range_commit *c)
{
  json_builder_begin_object (b);
  add_string (b, "commit", c->sha);
  add_string (b, "subject", c->subject);
  json_builder_set_member_name (b, "index");
  json_builder_add_int_value (b, c->index);
  add_string (b, "build",
              c->build == BUILD_OK       ? "ok"
              : c->build == BUILD_FAILED ? "failed"
                                         : "not-built");
  add_string (b, "build_log", c->build_log);
  add_string (b, "verdict", commit_verdict_name (c->verdict));
  add_string (b, "skip_reason", c->verdict == VERDICT_SKIPPED ? c->skip_reason : NULL);
  json_builder_set_member_name (b, "samples_ms");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->samples_ms->len; i++)
    json_builder_add_double_value (b, g_array_index (c->samples_ms, double, i));
  json_builder_end_array (b);
  if (c->samples_ms->len > 0)
    {
      sample_summary sum;
      range_commit_summary (c, &sum);
      json_builder_set_member_name (b, "summary");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "n");
      json_builder_add_int_value (b, (gint64)sum.n);
      add_number (b, "mean_ms", sum.mean);
      add_number (b, "sd_ms", sum.sd);
      add_number (b, "median_ms", sum.median);
      add_number (b, "ci95_low_ms", sum.ci95_low);
      add_number (b, "ci95_high_ms", sum.ci95_high);
      json_builder_end_object (b);
    }
  add_string (b, "compared_with",
              c->compared_with >= 0
                  ? range_session_commit (s, (guint)c->compared_with)->sha
                  : NULL);
  if (c->have_comparison)
    {
      const stats_comparison *k = &c->comparison;
      add_number (b, "p_value", k->p_value);
      add_number (b, "diff_pct", k->diff_pct);
      add_number (b, "diff_pct_ci95_low", k->diff_pct_ci_low);
      add_number (b, "diff_pct_ci95_high", k->diff_pct_ci_high);
    }
  json_builder_end_object (b);
}

char *
range_report_json (const range_session *s, const range_result *r)
{
  const range_options *o = s->opts;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  add_string (b, "tool", "boot-benchmark-range");
  add_string (b, "version", PACKAGE_VERSION);
  add_string (b, "repo", o->repo);
  add_string (b, "range", o->range);
  add_string (b, "mode", o->mode == RANGE_MODE_BISECT ? "bisect" : "sweep");
  add_string (b, "kind", range_kind_name (o->kind));
  add_string (b, "test", stats_test_name (o->test));
  add_number (b, "alpha", o->alpha);
  add_number (b, "threshold_pct", o->threshold_pct);
  json_builder_set_member_name (b, "passes");
  json_builder_add_int_value (b, o->passes);
  json_builder_set_member_name (b, "max_passes");
  json_builder_add_int_value (b, o->max_passes);
  add_string (b, "config_key", s->config_key);
  add_string (b, "config", s->config_text);
  add_string (b, "outcome", outcome_name (r->outcome));
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, r->outcome != RANGE_OUTCOME_INTERRUPTED);
  add_string (b, "baseline",
              r->baseline >= 0 ? range_session_commit (s, (guint)r->baseline)->sha
                               : NULL);
  add_string (b, "first_changed",
              r->first_changed >= 0
                  ? range_session_commit (s, (guint)r->first_changed)->sha
                  : NULL);
  json_builder_set_member_name (b, "suspects");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->suspects->len; i++)
    json_builder_add_string_value (
        b, range_session_commit (s, g_array_index (r->suspects, guint, i))->sha);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "commits_benchmarked");
  json_builder_add_int_value (b, s->commits_benchmarked);
  json_builder_set_member_name (b, "benchmark_runs");
  json_builder_add_int_value (b, s->benchmark_runs);
  add_number (b, "elapsed_s",
              (double)(g_get_monotonic_time () * 1000 - s->start_ns) / 1e9);
  json_builder_set_member_name (b, "commits");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->commits->len; i++)
    add_commit (b, s, range_session_commit (s, i));
  json_builder_end_array (b);
  json_builder_end_object (b);

  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static void
csv_field (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
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
          csv_field (out, c->subject);
          g_string_append_printf (
              out, ",%s,%s,", commit_verdict_name (c->verdict),
              c->compared_with >= 0
                  ? range_session_commit (s, (guint)c->compared_with)->sha
                  : "");
          if (c->have_comparison)
            g_string_append_printf (out, "%.6g,%.3f,", c->comparison.p_value,
                                    c->comparison.diff_pct);
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
