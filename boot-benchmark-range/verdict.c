/* SPDX-License-Identifier: GPL-2.0-or-later */
/* verdict.c: from two commits' interleaved runs to same / changed /
 * inconclusive.
 *
 * A comparison of a reference R and a candidate C is made of rounds, each
 * one run of R and one run of C measured back to back (R first in odd
 * rounds, C first in even ones); pass i of R's run is paired with pass i of
 * C's run of the same round, so a host that slows down slows both.  The
 * pairs go to stats_paired_compare (common/stats.h): the size is the
 * Hodges-Lehmann estimate of the ratio C / R, the interval inverts the exact
 * signed-rank test, and the verdict is read from the interval against
 * --threshold T:
 *
 *   same:         the whole interval lies strictly inside (-T, +T): any
 *                 change is smaller than T;
 *   changed:      otherwise, when the whole interval lies beyond +T/2 (or
 *                 -T/2) and the test rejects "no change" at the look's
 *                 level: a change of more than T/2 is shown, in the printed
 *                 direction;
 *   inconclusive: neither.  More rounds narrow the interval.
 *
 * The level: a comparison's share of --alpha is held over its looks (one
 * per round) by Pocock's boundary (stats_sequential_plan_make), so the
 * chance that the interval of any look misses the true change, and with it
 * that the comparison's
 * verdict is wrong, is at most that share.  A bisection gives its end
 * comparison and its confirmation the whole --alpha, and its search steps
 * RANGE_STEP_ALPHA (0.2) when that is larger: it names a commit only after
 * comparing it with its parent again, so a wrong commit is named only if
 * that comparison errs, whatever the steps did; a wrong step costs passes
 * and a reopened search, not a wrong answer (bisect.c).  A sweep flags every changed
 * commit, so it splits --alpha evenly over its comparisons.
 *
 * A host change: when either side's times jump between two consecutive
 * rounds (medians apart by T/2 or more, Mann-Whitney p < 0.001 between the
 * two runs), the host changed speed while the comparison ran; the rounds up
 * to the jump are set aside, since the jump may have fallen between the two
 * runs of a round, and the comparison goes on from the rounds after it. */

#include <config.h>

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "range.h"

#define JUMP_P 0.001

static const range_run *
find_run (const range_commit *c, const char *against, guint round)
{
  for (guint i = 0; i < c->run_list->len; i++)
    {
      const range_run *r = g_ptr_array_index (c->run_list, i);
      if (r->round == round && r->against && strcmp (r->against, against) == 0)
        return r;
    }
  return NULL;
}

guint
range_pairs_last_round (const range_commit *ref, const range_commit *cand)
{
  guint last = 0;
  const range_commit *sides[2] = { ref, cand };
  for (int k = 0; k < 2; k++)
    {
      const char *other = sides[1 - k]->sha;
      for (guint i = 0; i < sides[k]->run_list->len; i++)
        {
          const range_run *r = g_ptr_array_index (sides[k]->run_list, i);
          if (r->against && strcmp (r->against, other) == 0)
            last = MAX (last, r->round);
        }
    }
  return last;
}

static double
log_median (const GArray *ms)
{
  return log (stats_median ((const double *)ms->data, ms->len));
}

/* Did this side's times jump from one run to the next? */
static gboolean
jumped (const range_run *before, const range_run *after, double threshold_pct)
{
  stats_comparison mw;
  double shift = fabs (log_median (after->samples_ms) - log_median (before->samples_ms));
  if (shift < log1p (threshold_pct / 200))
    return FALSE;
  return stats_compare (STATS_TEST_MANN_WHITNEY, (const double *)before->samples_ms->data,
                        before->samples_ms->len, (const double *)after->samples_ms->data,
                        after->samples_ms->len, &mw)
         && mw.p_value < JUMP_P;
}

static void
note_load (range_pairing *p, double load)
{
  if (isnan (load))
    return;
  if (isnan (p->load_first))
    p->load_first = load;
  if (isnan (p->load_max) || load > p->load_max)
    p->load_max = load;
}

/* Robust sd of x: 1.4826 times the median absolute deviation. */
static double
robust_sd (const GArray *x)
{
  return 1.4826 * stats_mad ((const double *)x->data, x->len);
}

/* Per-pass noise: a robust sd (1.4826 MAD) of the log times around their
 * run's median, pooled over both sides' runs, so that neither a change
 * between the sides nor one between rounds counts as noise.  Runs of one or
 * two passes say little about their own spread (one pass: nothing), so then
 * it is the paired log ratios' robust sd over sqrt 2, which a change between
 * rounds does not move either. */
static double
noise_of_runs (GPtrArray *rr, GPtrArray *cr, const GArray *a, const GArray *b)
{
  g_autoptr (GArray) dev = g_array_new (FALSE, FALSE, sizeof (double));
  GPtrArray *sides[2] = { rr, cr };
  gboolean short_runs = FALSE;
  for (int k = 0; k < 2; k++)
    for (guint i = 0; i < sides[k]->len; i++)
      {
        const range_run *r = g_ptr_array_index (sides[k], i);
        double m = log_median (r->samples_ms);
        short_runs |= r->samples_ms->len < 3;
        for (guint j = 0; j < r->samples_ms->len; j++)
          {
            double v = fabs (log (g_array_index (r->samples_ms, double, j)) - m);
            g_array_append_val (dev, v);
          }
      }
  if (short_runs)
    {
      g_array_set_size (dev, 0);
      for (guint i = 0; i < a->len; i++)
        {
          double d = log (g_array_index (b, double, i) / g_array_index (a, double, i));
          g_array_append_val (dev, d);
        }
      return dev->len < 3 ? NAN : robust_sd (dev) / G_SQRT2;
    }
  if (dev->len < 6)
    return NAN;
  return 1.4826 * stats_median ((const double *)dev->data, dev->len);
}

void
range_pairs_collect (const range_commit *ref, const range_commit *cand,
                     double threshold_pct, GArray *a, GArray *b, range_pairing *pairing)
{
  guint last = range_pairs_last_round (ref, cand);
  g_autoptr (GPtrArray) rr = g_ptr_array_new ();
  g_autoptr (GPtrArray) cr = g_ptr_array_new ();
  memset (pairing, 0, sizeof *pairing);
  pairing->load_first = pairing->load_max = NAN;
  pairing->ref_shift_pct = pairing->noise_cv = NAN;
  for (guint k = 1; k <= last; k++)
    {
      const range_run *x = find_run (ref, cand->sha, k);
      const range_run *y = find_run (cand, ref->sha, k);
      if (x)
        note_load (pairing, x->load);
      if (y)
        note_load (pairing, y->load);
      if (!x || !y || x->samples_ms->len == 0 || y->samples_ms->len == 0)
        continue; /* an incomplete round, e.g. interrupted */
      guint n = rr->len;
      if (n > 0
          && (jumped (g_ptr_array_index (rr, n - 1), x, threshold_pct)
              || jumped (g_ptr_array_index (cr, n - 1), y, threshold_pct)))
        {
          pairing->host_changed = TRUE;
          pairing->rounds_dropped += n + 1;
          g_ptr_array_set_size (rr, 0);
          g_ptr_array_set_size (cr, 0);
          continue; /* the round after the jump may hold it too */
        }
      g_ptr_array_add (rr, (gpointer)x);
      g_ptr_array_add (cr, (gpointer)y);
    }

  g_array_set_size (a, 0);
  g_array_set_size (b, 0);
  for (guint k = 0; k < rr->len; k++)
    {
      const range_run *x = g_ptr_array_index (rr, k);
      const range_run *y = g_ptr_array_index (cr, k);
      guint n = MIN (x->samples_ms->len, y->samples_ms->len);
      g_array_append_vals (a, x->samples_ms->data, n);
      g_array_append_vals (b, y->samples_ms->data, n);
    }
  pairing->rounds = rr->len;
  if (rr->len >= 2)
    {
      const range_run *first = g_ptr_array_index (rr, 0);
      const range_run *latest = g_ptr_array_index (rr, rr->len - 1);
      pairing->ref_shift_pct
          = 100
            * expm1 (log_median (latest->samples_ms) - log_median (first->samples_ms));
    }
  pairing->noise_cv = noise_of_runs (rr, cr, a, b);
}

commit_verdict
range_verdict (const range_options *o, const GArray *a, const GArray *b, double alpha,
               stats_paired *cmp)
{
  if (a->len == 0 || a->len != b->len
      || !stats_paired_compare ((const double *)a->data, (const double *)b->data, a->len,
                                alpha, cmp))
    return VERDICT_INCONCLUSIVE;
  switch (stats_paired_decide (cmp, o->threshold_pct))
    {
    case STATS_CHANGED:
      return VERDICT_CHANGED;
    case STATS_SAME:
      return VERDICT_SAME;
    case STATS_INCONCLUSIVE:
      break;
    }
  return VERDICT_INCONCLUSIVE;
}

gboolean
range_verdict_plan (range_session *s, guint comparisons, GError **error)
{
  const range_options *o = s->opts;
  s->comparison_alpha = o->alpha / MAX (comparisons, 1u);
  if (stats_sequential_plan_make (s->comparison_alpha, (size_t)o->passes,
                                  (size_t)o->max_passes, &s->plan))
    {
      /* The larger level can decide whenever the smaller can. */
      stats_sequential_plan_make (MAX (s->comparison_alpha, RANGE_STEP_ALPHA),
                                  (size_t)o->passes, (size_t)o->max_passes,
                                  &s->step_plan);
      return TRUE;
    }
  size_t need = (size_t)o->max_passes;
  stats_sequential_plan plan;
  while (!stats_sequential_plan_make (s->comparison_alpha, (size_t)o->passes, need, &plan)
         && need < 100000)
    need++;
  g_autofree char *share
      = comparisons > 1
            ? g_strdup_printf (" (--alpha %g over %u comparisons)", o->alpha, comparisons)
            : g_strdup ("");
  g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT,
               "--max-passes %d cannot reach a verdict: with %d paired passes the "
               "smallest p is %.3g, not below the %.3g a comparison may spend%s; use "
               "--max-passes %zu or more, or a larger --alpha",
               o->max_passes, o->max_passes, stats_paired_min_p ((size_t)o->max_passes),
               s->comparison_alpha, share, need);
  return FALSE;
}

/* Half-width, on the log scale, of the plan's interval from n pairs of
 * per-pass noise cv: a normal quantile, the Walsh interval's slight loss
 * against the mean's (5%) and the differences' sd of cv * sqrt 2. */
static double
half_width (const range_session *s, double cv, double n)
{
  double z = gsl_cdf_ugaussian_Qinv (s->plan.look_alpha / 2);
  return z * 1.05 * cv * G_SQRT2 / sqrt (n);
}

guint
range_verdict_passes_needed (const range_session *s, double cv)
{
  double target = log1p (s->opts->threshold_pct / 100);
  double n = pow (half_width (s, cv, 1) / target, 2);
  n = MAX (n, (double)s->plan.first_pairs);
  return n > 1e6 ? 1000000u : (guint)ceil (n);
}

double
range_verdict_threshold_within (const range_session *s, double cv)
{
  return 100 * expm1 (half_width (s, cv, s->opts->max_passes));
}
