/* SPDX-License-Identifier: GPL-2.0-or-later */
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

static char *
format_level (double look_alpha)
{
  return g_strdup_printf ("%.4g%%", 100 * (1 - look_alpha));
}

static char *
format_duration (int64_t ns)
{
  int64_t s = ns / 1000000000;
  if (s < 60)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", s);
  if (s < 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m%02" G_GINT64_FORMAT "s", s / 60,
                            s % 60);
  return g_strdup_printf ("%" G_GINT64_FORMAT "h%02" G_GINT64_FORMAT "m", s / 3600,
                          (s / 60) % 60);
}

/* The progress line: mode, commit, step, phase, elapsed and remaining time. */
void
range_report_progress (const range_session *s, const range_commit *c, const char *phase)
{
  if (!progress_enabled ())
    return;
  int64_t elapsed = g_get_monotonic_time () * 1000 - s->start_ns;
  g_autofree char *elapsed_text = format_duration (elapsed);
  g_autofree char *left_text = NULL;
  if (s->work_units > 0)
    left_text = format_duration (s->work_ns / s->work_units * s->steps_left);
  progress_update ("%s: commit %u of %u (step %u, ~%u left) %s: %s  elapsed %s%s%s",
                   s->mode_label, c->index + 1, s->commits->len, s->step, s->steps_left,
                   c->short_sha, phase, elapsed_text, left_text ? ", remaining ~" : "",
                   left_text ? left_text : "");
}

void
range_report_header (FILE *out, const range_session *s)
{
  const range_options *o = s->opts;
  if (!out)
    return;
  if (o->mode == RANGE_MODE_JUDGE)
    fprintf (out, "Judging HEAD %s against %s in %s (kind %s)\n",
             range_session_commit (s, 1)->short_sha, o->judge_against, o->repo,
             range_kind_name (o->kind));
  else
    fprintf (out, "%s %u commits of '%s' in %s (kind %s)\n",
             o->mode == RANGE_MODE_BISECT ? "Bisecting" : "Sweeping", s->commits->len,
             o->range, o->repo, range_kind_name (o->kind));
  g_autofree char *level = format_level (s->plan.look_alpha);
  g_autofree char *step_level = format_level (s->step_plan.look_alpha);
  g_autofree char *confirm_level = format_level (s->confirm_plan.look_alpha);
  /* The confirmation names a commit only on the range's side: its
   * two-sided level is that of a one-sided bound at 1 - alpha.  With one
   * commit after the baseline the end comparison is the confirmation. */
  g_autofree char *confirmation
      = s->commits->len > 2
            ? g_strdup_printf ("; confirmation %s, %s", confirm_level,
                               s->confirm_one_sided ? "one-sided" : "two-sided")
            : g_strdup ("");
  g_autofree char *steps
      = o->mode == RANGE_MODE_BISECT
            ? g_strdup_printf ("; search steps %s%s", step_level, confirmation)
            : g_strdup ("");
  fprintf (out,
           "Verdicts: paired rounds, threshold %g%%, alpha %.3g per comparison (%s "
           "intervals, up to %u looks%s), %d passes a round (up to %d)\n",
           o->threshold_pct, s->comparison_alpha, level, s->plan.looks, steps, o->passes,
           o->max_passes);
  fprintf (out, "Work directory: %s (cache %s)\n", o->workdir, s->config_key);
  fflush (out);
}

/* Was the confirmation the end comparison itself (the named commit is the
 * end, its parent the baseline)? */
static gboolean
confirmation_is_end (const range_result *r)
{
  return r->confirm_parent == r->baseline && r->first_changed == r->end;
}

/* The level of the confirmation's interval: its plan's at the look it
 * stopped on. */
static double
confirmation_level (const range_session *s, const range_result *r)
{
  if (r->confirmation.alpha > 0)
    return r->confirmation.alpha;
  return (confirmation_is_end (r) ? s->plan : s->confirm_plan).look_alpha;
}

/* "(99.67% CI +22.0% .. +38.5%, p=0.0001, 20 paired passes)" */
static char *
format_evidence (const stats_paired *k, double look_alpha)
{
  g_autofree char *p = format_p (k->p_value);
  g_autofree char *level = format_level (look_alpha);
  if (!k->have_interval)
    return g_strdup_printf ("no %s interval yet, %s, %zu paired passes", level, p, k->n);
  return g_strdup_printf ("%s CI %+.1f%% .. %+.1f%%, %s, %zu paired passes", level,
                          k->pct_low, k->pct_high, p, k->n);
}

/* A bisection's search step: which end of the bracket the commit is like,
 * from its comparison with an end of the bracket. */
static void
report_step (FILE *out, const range_session *s, const range_commit *c, const char *ev)
{
  const stats_paired *k = &c->comparison;
  const char *ref = range_session_commit (s, (guint)c->compared_with)->short_sha;
  if (c->against_direction)
    fprintf (out,
             "like neither end: %+.1f%% against %s, beyond it away from the midpoint "
             "%+.1f%% (%s): not the change searched for\n",
             k->pct, ref, c->step_midpoint_pct, ev);
  else if (c->verdict == VERDICT_INCONCLUSIVE)
    fprintf (out,
             "? undecided after %zu paired passes: %+.1f%% against %s, the midpoint "
             "%+.1f%% inside the interval (%s)\n",
             k->n, k->pct, ref, c->step_midpoint_pct, ev);
  else
    fprintf (out, "like the %s: %+.1f%% against %s, the midpoint %+.1f%% (%s)\n",
             c->verdict == VERDICT_SAME ? "baseline" : "end", k->pct, ref,
             c->step_midpoint_pct, ev);
}

static void
report_measurement (FILE *out, const range_session *s, const range_commit *c)
{
  sample_summary sum;
  range_commit_summary (c, &sum);
  fprintf (out, "\t%.1fms ±%.1fms ", sum.mean, isnan (sum.sd) ? 0.0 : sum.sd);
  const stats_paired *k = &c->comparison;
  g_autofree char *ev = c->have_comparison ? format_evidence (k, c->pairing.look_alpha)
                                           : g_strdup ("not compared");
  if (c->search_step && c->have_comparison)
    report_step (out, s, c, ev);
  else
    switch (c->verdict)
      {
      case VERDICT_BASELINE:
        fprintf (out, "baseline (n=%zu)\n", sum.n);
        break;
      case VERDICT_CHANGED:
        if (k->pct < 0)
          fprintf (out, "↑ improves performance by %.1f%% (%s)\n", -k->pct, ev);
        else
          fprintf (out, "↓ degrades performance by %.1f%% (%s)\n", k->pct, ev);
        if (c->against_direction)
          fprintf (out, "\tagainst the range's direction: not the change searched for\n");
        break;
      case VERDICT_SAME:
        fprintf (out, "≈ same within ±%g%%: %+.1f%% (%s)\n", s->opts->threshold_pct,
                 k->pct, ev);
        break;
      case VERDICT_INCONCLUSIVE:
        fprintf (out, "? inconclusive after %zu paired passes: %+.1f%% (%s)\n", k->n,
                 k->pct, ev);
        break;
      case VERDICT_NONE:
      case VERDICT_SKIPPED:
        fprintf (out, "(n=%zu)\n", sum.n);
        break;
      }
  const range_pairing *p = &c->pairing;
  if (p->host_changed)
    fprintf (out,
             "\tthe host changed speed during this comparison: %u rounds set aside, "
             "the verdict is from the %u rounds after\n",
             p->rounds_dropped, p->rounds);
}

void
range_report_noise (FILE *out, const range_session *s)
{
  if (!out || !s->noise_checked)
    return;
  const range_options *o = s->opts;
  fprintf (out, "Noise: %.1f%% per pass; a verdict at %g%% needs ~%u paired passes",
           100 * s->noise_cv, o->threshold_pct, s->passes_needed);
  if (s->passes_needed <= (guint)o->max_passes)
    fprintf (out, " (--max-passes %d)\n", o->max_passes);
  else
    fprintf (out,
             ", more than --max-passes %d: use --max-passes %u, or --threshold %.0f%s\n",
             o->max_passes, s->passes_needed,
             ceil (range_verdict_threshold_within (s, s->noise_cv)),
             s->noise_hopeless && s->search_passes_needed == 0
                 ? " (stopping here rather than measuring the range)"
                 : "");
  if (s->search_passes_needed > 0 && s->passes_needed > (guint)o->max_passes)
    fprintf (
        out,
        "Noise: but the change the end comparison shows can be searched for with ~%u "
        "paired passes a comparison\n",
        s->search_passes_needed);
  fflush (out);
}

void
range_report_confirmation (FILE *out, const range_session *s, const range_result *r)
{
  if (!out || r->confirm_parent < 0)
    return;
  const range_commit *k = range_session_commit (s, (guint)r->first_changed);
  const range_commit *parent = range_session_commit (s, (guint)r->confirm_parent);
  g_autofree char *ev = format_evidence (&r->confirmation, confirmation_level (s, r));
  progress_clear ();
  fprintf (out, "%s %s\n\tagainst its parent %s: %s %+.1f%% (%s)\n", k->short_sha,
           k->subject, parent->short_sha, commit_verdict_name (r->confirmed),
           r->confirmation.pct, ev);
  fflush (out);
}

void
range_report_commit (FILE *out, const range_session *s, const range_commit *c)
{
  if (!out)
    return;
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

/* A bisection's evidence: the confirmation against the parent, then the
 * range's change it belongs to. */
static void
report_bisect_evidence (FILE *out, const range_session *s, const range_result *r)
{
  if (r->confirm_parent >= 0)
    {
      g_autofree char *ev = format_evidence (&r->confirmation, confirmation_level (s, r));
      fprintf (out, "\t%+.1f%% against its parent %s (%s)%s\n", r->confirmation.pct,
               range_session_commit (s, (guint)r->confirm_parent)->short_sha, ev,
               r->uncertain ? "" : ": confirmed");
    }
  else if (r->suspects->len > 0)
    fprintf (out, "\tnot confirmed against its parent: it could not be measured\n");
  if (r->end < 0 || confirmation_is_end (r))
    return; /* the confirmation was the end comparison */
  const range_commit *e = range_session_commit (s, (guint)r->end);
  g_autofree char *ev = format_evidence (&e->comparison, e->pairing.look_alpha);
  fprintf (out, "\t%+.1f%% against %s the baseline at the range's end %s (%s)\n",
           e->comparison.pct, range_session_commit (s, (guint)r->baseline)->short_sha,
           e->short_sha, ev);
}

static void
report_first_change (FILE *out, const range_session *s, const range_result *r)
{
  const range_options *o = s->opts;
  const range_commit *c = range_session_commit (s, (guint)r->first_changed);
  gboolean refuted = r->uncertain && r->confirmed != VERDICT_INCONCLUSIVE;
  fprintf (out, "Verdict: %s %s %s\n",
           refuted ? "change not pinned down; the search ended at" : "first change at",
           c->short_sha, c->subject);
  if (o->mode == RANGE_MODE_BISECT)
    report_bisect_evidence (out, s, r);
  else
    {
      const range_commit *against = range_session_commit (s, (guint)c->compared_with);
      g_autofree char *ev = format_evidence (&c->comparison, c->pairing.look_alpha);
      fprintf (out, "\t%+.1f%% against %s %s (%s)\n", c->comparison.pct,
               against->short_sha,
               o->mode == RANGE_MODE_SWEEP ? "the previous commit" : "the baseline", ev);
    }
  if (r->reopened > 0)
    fprintf (out,
             "\tthe search was reopened %u time%s: a confirmation found the parent "
             "like the commit, so a search step had been wrong\n",
             r->reopened, r->reopened > 1 ? "s" : "");
  if (r->uncertain)
    fprintf (out, "\t%s\n", r->uncertain);
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

void
range_report_verdict (FILE *out, const range_session *s, const range_result *r)
{
  const range_options *o = s->opts;
  if (!out)
    return;
  fputc ('\n', out);
  report_skipped (out, s);
  if (r->host_changes > 0)
    fprintf (out,
             "Host: its speed changed during %u comparison%s; the rounds before each "
             "change were set aside\n",
             r->host_changes, r->host_changes > 1 ? "s" : "");
  switch (r->outcome)
    {
    case RANGE_OUTCOME_CHANGED:
    case RANGE_OUTCOME_INCONCLUSIVE:
      if (r->noise_stop)
        fprintf (out,
                 "Verdict: inconclusive: at %.1f%% noise per pass the %g%% threshold "
                 "needs ~%u paired passes per comparison, more than --max-passes %d\n",
                 100 * s->noise_cv, o->threshold_pct, s->passes_needed, o->max_passes);
      else if (r->first_changed >= 0)
        report_first_change (out, s, r);
      else
        {
          fprintf (out,
                   "Verdict: inconclusive: no change shown, but not ruled out at "
                   "%g%% after %d paired passes\n",
                   o->threshold_pct, o->max_passes);
          report_suspects (out, s, r, "undecided");
        }
      break;
    case RANGE_OUTCOME_NO_CHANGE:
      fprintf (out, "Verdict: no change found (alpha %g, threshold %g%%)\n", o->alpha,
               o->threshold_pct);
      break;
    case RANGE_OUTCOME_INTERRUPTED:
      fprintf (out, "Verdict: interrupted; measured results are cached in %s\n",
               s->cache_dir);
      break;
    case RANGE_OUTCOME_FAILED:
      break;
    }
  double elapsed_s = (double)(g_get_monotonic_time () * 1000 - s->start_ns) / 1e9;
  fprintf (out, "Benchmarked %u of %u commits (%u benchmark runs, %u passes) in %.1fs\n",
           s->commits_benchmarked, s->commits->len, s->benchmark_runs, s->passes_measured,
           elapsed_s);
  fflush (out);
}
