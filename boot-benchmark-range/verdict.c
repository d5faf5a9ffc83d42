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
 * that the comparison's verdict is wrong, is at most that share.  A
 * bisection gives its end comparison's "same" and its confirmation the
 * whole --alpha.  The confirmation's question has one side: it names k only
 * when k is slower (or faster) than its parent in the range's direction by
 * more than T/2, so the whole --alpha goes to that side: each look's
 * interval is two-sided at the level Pocock's boundary gives 2 alpha, and
 * over all the looks its bound in the range's direction misses with a
 * chance of about alpha (the normal approximation is symmetric, and a path
 * that crosses one side's boundary and then the other's is far rarer
 * still); up to --alpha RANGE_ONE_SIDED_MAX_ALPHA.  Its steering
 * verdicts (the end's "changed" that starts the search, the search steps:
 * range_step_verdict) use steering plans, one level at every look with no
 * correction: a wrong one costs passes and a reopened search, and the
 * confirmation catches it (bisect.c).  A sweep flags every changed commit,
 * so it splits --alpha evenly over its comparisons.
 *
 * A search step's first round may be opened by the reference's run measured
 * just before it (range_run.partner_run), so a round is found by its
 * candidate's run when the reference has none of its own for it.
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

static gboolean
run_is_of (const range_run *r, const char *against, gboolean confirming)
{
  return r->against && strcmp (r->against, against) == 0 && !r->confirming == !confirming;
}

static const range_run *
find_run (const range_commit *c, const char *against, gboolean confirming, guint round)
{
  for (guint i = 0; i < c->run_list->len; i++)
    {
      const range_run *r = g_ptr_array_index (c->run_list, i);
      if (r->round == round && run_is_of (r, against, confirming))
        return r;
    }
  return NULL;
}

static const range_run *
find_run_number (const range_commit *c, guint run)
{
  for (guint i = 0; i < c->run_list->len; i++)
    {
      const range_run *r = g_ptr_array_index (c->run_list, i);
      if (r->run == run)
        return r;
    }
  return NULL;
}

guint
range_pairs_last_round (const range_commit *ref, const range_commit *cand,
                        gboolean confirming)
{
  guint last = 0;
  const range_commit *sides[2] = { ref, cand };
  for (int k = 0; k < 2; k++)
    {
      const char *other = sides[1 - k]->sha;
      for (guint i = 0; i < sides[k]->run_list->len; i++)
        {
          const range_run *r = g_ptr_array_index (sides[k]->run_list, i);
          if (run_is_of (r, other, confirming))
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

/* Log values in groups (a run's passes, or all paired log ratios). */
typedef struct
{
  GArray *values; /* double */
  GArray *group;  /* guint, the group of each value */
  guint groups;
} grouped_logs;

static void
add_group (grouped_logs *g, const double *log_values, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_array_append_val (g->values, log_values[i]);
      g_array_append_val (g->group, g->groups);
    }
  g->groups++;
}

/* A robust sd of the values within their groups: the median of the
 * absolute differences between values of the same group, times 1.0483
 * (Shamos's estimator: for normal data that median is 0.6745 sqrt 2 sd).
 * It ignores where each group lies, is deaf to a few outliers (up to 29%)
 * and keeps 86% of the plain sd's efficiency, which matters with the few
 * passes of a first look.  NAN with fewer than 3 differences. */
static double
pooled_sd (const grouped_logs *g)
{
  guint n = g->values->len;
  const double *v = (const double *)g->values->data;
  const guint *grp = (const guint *)g->group->data;
  g_autoptr (GArray) diff = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n && grp[j] == grp[i]; j++)
      {
        double d = fabs (v[i] - v[j]);
        g_array_append_val (diff, d);
      }
  if (diff->len < 3)
    return NAN;
  return 1.0483 * stats_median ((const double *)diff->data, diff->len);
}

/* Per-pass noise on the log scale: the robust sd of the log times within
 * each run, over both sides' runs, so that neither a change between
 * the sides nor one between rounds counts as noise.  Runs of one or two
 * passes say little about their own spread (one pass: nothing), so then it
 * is the paired log ratios' sd over sqrt 2, which a change between rounds
 * does not move either. */
static double
noise_of_runs (GPtrArray *rr, GPtrArray *cr, const GArray *a, const GArray *b)
{
  grouped_logs g = { g_array_new (FALSE, FALSE, sizeof (double)),
                     g_array_new (FALSE, FALSE, sizeof (guint)), 0 };
  GPtrArray *sides[2] = { rr, cr };
  gboolean short_runs = FALSE;
  for (int k = 0; k < 2; k++)
    for (guint i = 0; i < sides[k]->len; i++)
      {
        const range_run *r = g_ptr_array_index (sides[k], i);
        g_autofree double *logs = g_new (double, r->samples_ms->len + 1);
        short_runs |= r->samples_ms->len < 3;
        for (guint j = 0; j < r->samples_ms->len; j++)
          logs[j] = log (g_array_index (r->samples_ms, double, j));
        add_group (&g, logs, r->samples_ms->len);
      }
  double sd;
  if (short_runs)
    {
      g_array_set_size (g.values, 0);
      g_array_set_size (g.group, 0);
      g.groups = 0;
      g_autofree double *d = g_new (double, a->len + 1);
      for (guint i = 0; i < a->len; i++)
        d[i] = log (g_array_index (b, double, i) / g_array_index (a, double, i));
      add_group (&g, d, a->len);
      sd = pooled_sd (&g) / G_SQRT2;
    }
  else
    sd = pooled_sd (&g);
  g_array_unref (g.values);
  g_array_unref (g.group);
  return sd;
}

void
range_pairs_collect (const range_commit *ref, const range_commit *cand,
                     gboolean confirming, double threshold_pct, GArray *a, GArray *b,
                     range_pairing *pairing)
{
  guint last = range_pairs_last_round (ref, cand, confirming);
  g_autoptr (GPtrArray) rr = g_ptr_array_new ();
  g_autoptr (GPtrArray) cr = g_ptr_array_new ();
  memset (pairing, 0, sizeof *pairing);
  pairing->load_first = pairing->load_max = NAN;
  pairing->ref_shift_pct = pairing->noise_cv = NAN;
  for (guint k = 1; k <= last; k++)
    {
      const range_run *x = find_run (ref, cand->sha, confirming, k);
      const range_run *y = find_run (cand, ref->sha, confirming, k);
      if (!x && y && y->partner_run > 0)
        x = find_run_number (ref, y->partner_run); /* opened by ref's run */
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

/* The percent of the reference at log ratio d from it. */
static double
pct_at (double d)
{
  return 100 * expm1 (d);
}

commit_verdict
range_step_verdict (const stats_paired *cmp, const stats_paired *strict, double shift,
                    gboolean *neither)
{
  int towards = shift > 0 ? 1 : -1;
  /* Away from the other end, or past it, by half the change or more. */
  *neither = stats_paired_side (strict, pct_at (-shift / 2)) == -towards
             || stats_paired_side (strict, pct_at (1.5 * shift)) == towards;
  if (*neither)
    return VERDICT_CHANGED;
  switch (stats_paired_side (cmp, pct_at (shift / 2)) * towards)
    {
    case 1:
      return VERDICT_CHANGED;
    case -1:
      return VERDICT_SAME;
    default:
      return VERDICT_INCONCLUSIVE;
    }
}

/* A steering plan: a look at every round from the first that can reach
 * `level`, all at that level, with no correction for the looks; its
 * verdicts only steer a bisection (bisect.c). */
static void
steering_plan_make (const range_options *o, double level, stats_sequential_plan *plan)
{
  size_t per_look = (size_t)o->passes, max = (size_t)o->max_passes;
  size_t first = MAX (stats_paired_min_pairs (level), per_look);
  first = (first + per_look - 1) / per_look * per_look;
  plan->alpha = level;
  plan->look_alpha = plan->first_look_alpha = level;
  plan->first_pairs = MIN (first, max);
  plan->pairs_per_look = per_look;
  plan->looks = 1;
  for (size_t n = plan->first_pairs; n < max; n += per_look)
    plan->looks++;
}

gboolean
range_verdict_plan (range_session *s, guint comparisons, GError **error)
{
  const range_options *o = s->opts;
  s->comparison_alpha = o->alpha / MAX (comparisons, 1u);
  if (stats_sequential_plan_make (s->comparison_alpha, (size_t)o->passes,
                                  (size_t)o->max_passes, &s->plan))
    {
      steering_plan_make (o, MAX (s->comparison_alpha, RANGE_STEP_ALPHA), &s->step_plan);
      steering_plan_make (o, MAX (s->comparison_alpha, RANGE_START_ALPHA),
                          &s->start_plan);
      /* The confirmation: one-sided, so two-sided at twice the share. */
      s->confirm_one_sided
          = s->comparison_alpha <= RANGE_ONE_SIDED_MAX_ALPHA
            && stats_sequential_plan_make_from (
                2 * s->comparison_alpha, (size_t)o->passes, (size_t)(o->passes + 1) / 2,
                (size_t)o->max_passes, &s->confirm_plan);
      if (!s->confirm_one_sided)
        s->confirm_plan = s->plan;
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
half_width_at (double level, double cv, double n)
{
  double z = gsl_cdf_ugaussian_Qinv (level / 2);
  return z * 1.05 * cv * G_SQRT2 / sqrt (n);
}

static double
half_width (const range_session *s, double cv, double n)
{
  return half_width_at (s->plan.look_alpha, cv, n);
}

/* Pairs for a half-width of `target` (log scale) at `level`, at least
 * `first`. */
static guint
pairs_for (double level, double cv, double target, size_t first)
{
  double n = target > 0 ? pow (half_width_at (level, cv, 1) / target, 2) : 1e9;
  n = MAX (n, (double)first);
  return n > 1e6 ? 1000000u : (guint)ceil (n);
}

guint
range_verdict_passes_needed (const range_session *s, double cv)
{
  return pairs_for (s->plan.look_alpha, cv, log1p (s->opts->threshold_pct / 100),
                    s->plan.first_pairs);
}

guint
range_verdict_search_passes_needed (const range_session *s, double cv, double shift)
{
  double change = fabs (shift);
  guint step
      = pairs_for (s->step_plan.look_alpha, cv, change / 2, s->step_plan.first_pairs);
  guint confirm = pairs_for (s->confirm_plan.look_alpha, cv,
                             change - log1p (s->opts->threshold_pct / 200),
                             s->confirm_plan.first_pairs);
  return MAX (step, confirm);
}

double
range_verdict_start_alpha (const range_session *s, double cv)
{
  gboolean resolvable
      = !isnan (cv) && range_verdict_passes_needed (s, cv) <= (guint)s->opts->max_passes;
  return resolvable ? MAX (s->start_plan.look_alpha, RANGE_START_ALPHA_RESOLVABLE)
                    : s->start_plan.look_alpha;
}

double
range_verdict_threshold_within (const range_session *s, double cv)
{
  return 100 * expm1 (half_width (s, cv, s->opts->max_passes));
}
