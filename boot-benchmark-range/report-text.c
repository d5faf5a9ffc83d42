/* report-text.c: what boot-benchmark-range prints as it goes, in the
 * original script's style (a commit line, then a tab-indented measurement),
 * and the final verdict. */

#include <config.h>

#include <math.h>

#include "progress.h"
#include "range.h"

static char *
format_p (double p)
{
  if (p < 0.0001)
    return g_strdup ("p<0.0001");
  return g_strdup_printf ("p=%.4f", p);
}

void
range_report_header (FILE *out, const range_session *s)
{
  const range_options *o = s->opts;
  fprintf (out, "%s %u commits of '%s' in %s (kind %s)\n",
           o->mode == RANGE_MODE_BISECT ? "Bisecting" : "Sweeping", s->commits->len,
           o->range, o->repo, range_kind_name (o->kind));
  fprintf (out, "Verdicts: %s, alpha %g, change threshold %g%%, %d passes (up to %d)\n",
           stats_test_name (o->test), o->alpha, o->threshold_pct, o->passes,
           o->max_passes);
  fprintf (out, "Work directory: %s (cache %s)\n", o->workdir, s->config_key);
  fflush (out);
}

static void
report_measurement (FILE *out, const range_session *s, const range_commit *c)
{
  sample_summary sum;
  range_commit_summary (c, &sum);
  fprintf (out, "\t%.1fms ±%.1fms ", sum.mean, isnan (sum.sd) ? 0.0 : sum.sd);
  const stats_comparison *k = &c->comparison;
  g_autofree char *p = c->have_comparison ? format_p (k->p_value) : g_strdup ("p=n/a");
  switch (c->verdict)
    {
    case VERDICT_BASELINE:
      fprintf (out, "baseline (n=%zu)\n", sum.n);
      break;
    case VERDICT_CHANGED:
      if (k->diff_pct < 0)
        fprintf (out, "↑ improves performance by %.1f%% (%s, n=%zu)\n", -k->diff_pct, p,
                 sum.n);
      else
        fprintf (out, "↓ degrades performance by %.1f%% (%s, n=%zu)\n", k->diff_pct, p,
                 sum.n);
      break;
    case VERDICT_SAME:
      if (c->have_comparison && k->p_value < s->opts->alpha)
        fprintf (out, "≈ change below the %g%% threshold (%s, %+.1f%%, n=%zu)\n",
                 s->opts->threshold_pct, p, k->diff_pct, sum.n);
      else
        fprintf (out, "≈ no significant change (%s, %+.1f%%, n=%zu)\n", p, k->diff_pct,
                 sum.n);
      break;
    case VERDICT_INCONCLUSIVE:
      fprintf (
          out,
          "? inconclusive after %zu passes (%s, %+.1f%%, 95%% CI %+.1f%% .. %+.1f%%)\n",
          sum.n, p, k->diff_pct, k->diff_pct_ci_low, k->diff_pct_ci_high);
      break;
    case VERDICT_NONE:
    case VERDICT_SKIPPED:
      fprintf (out, "(n=%zu)\n", sum.n);
      break;
    }
}

void
range_report_commit (FILE *out, const range_session *s, const range_commit *c)
{
  progress_clear ();
  fprintf (out, "%s %s\n", c->short_sha, c->subject);
  if (c->verdict == VERDICT_SKIPPED)
    fprintf (out, "\tskipped: %s\n", c->skip_reason ? c->skip_reason : "not measured");
  else
    report_measurement (out, s, c);
  fflush (out);
}

static void
report_suspects (FILE *out, const range_session *s, const range_result *r,
                 const char *label)
{
  if (r->suspects->len == 0)
    return;
  fprintf (out, "\t%s:", label);
  for (guint i = 0; i < r->suspects->len; i++)
    {
      const range_commit *c
          = range_session_commit (s, g_array_index (r->suspects, guint, i));
      fprintf (out, " %s (%s)", c->short_sha, commit_verdict_name (c->verdict));
    }
  fputc ('\n', out);
}

static void
report_skipped (FILE *out, const range_session *s)
{
  guint n = 0;
  for (guint i = 0; i < s->commits->len; i++)
    {
      const range_commit *c = range_session_commit (s, i);
      if (c->verdict != VERDICT_SKIPPED)
        continue;
      if (n++ == 0)
        fprintf (out, "Skipped (could not be measured):");
      fprintf (out, " %s", c->short_sha);
    }
  if (n)
    fputc ('\n', out);
}

void
range_report_verdict (FILE *out, const range_session *s, const range_result *r)
{
  const range_options *o = s->opts;
  fputc ('\n', out);
  report_skipped (out, s);
  switch (r->outcome)
    {
    case RANGE_OUTCOME_CHANGED:
    case RANGE_OUTCOME_INCONCLUSIVE:
      if (r->first_changed >= 0)
        {
          const range_commit *c = range_session_commit (s, (guint)r->first_changed);
          const range_commit *against = range_session_commit (s, (guint)c->compared_with);
          const stats_comparison *k = &c->comparison;
          g_autofree char *p = format_p (k->p_value);
          fprintf (out, "Verdict: first change at %s %s\n", c->short_sha, c->subject);
          fprintf (out, "\t%+.1f%% (95%% CI %+.1f%% .. %+.1f%%) against %s %s (%s, %s)\n",
                   k->diff_pct, k->diff_pct_ci_low, k->diff_pct_ci_high,
                   against->short_sha,
                   o->mode == RANGE_MODE_BISECT ? "the baseline" : "the previous commit",
                   stats_test_name (o->test), p);
          report_suspects (out, s, r, "the change may instead be in");
          if (o->mode == RANGE_MODE_SWEEP)
            {
              guint flagged = 0;
              for (guint i = 0; i < s->commits->len; i++)
                flagged += range_session_commit (s, i)->verdict == VERDICT_CHANGED;
              if (flagged > 1)
                fprintf (out, "\t%u commits flagged as changes in all\n", flagged);
            }
        }
      else
        {
          fprintf (out,
                   "Verdict: inconclusive: no change shown, but not ruled out at "
                   "%g%% after %d passes\n",
                   o->threshold_pct, o->max_passes);
          report_suspects (out, s, r, "undecided");
        }
      break;
    case RANGE_OUTCOME_NO_CHANGE:
      fprintf (out, "Verdict: no change found (%s, alpha %g, threshold %g%%)\n",
               stats_test_name (o->test), o->alpha, o->threshold_pct);
      break;
    case RANGE_OUTCOME_INTERRUPTED:
      fprintf (out, "Verdict: interrupted; measured results are cached in %s\n",
               s->cache_dir);
      break;
    }
  double elapsed_s = (double)(g_get_monotonic_time () * 1000 - s->start_ns) / 1e9;
  fprintf (out, "Benchmarked %u of %u commits (%u benchmark runs) in %.1fs\n",
           s->commits_benchmarked, s->commits->len, s->benchmark_runs, elapsed_s);
  fflush (out);
}
