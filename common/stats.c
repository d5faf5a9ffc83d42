/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stats.c: descriptive statistics and two-sample tests over per-pass samples.
 *
 * Summaries (mean, corrected sd, median, unscaled MAD, Student's t interval),
 * modified z-score outliers, and the two comparisons the reports offer:
 * Mann-Whitney U (exact for small untied samples) and Welch's t-test.
 * Distribution functions come from GSL; nothing here prints or keeps state. */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>

#include "stats.h"

/* Exact Mann-Whitney p-values are used up to this combined sample size; the
 * counts stay below C(40, 20) < 2^53, so doubles hold them exactly. */
#define STATS_MW_EXACT_MAX_N 40

/* A total order on doubles (NaN last) that never overflows, unlike a - b, and
 * stays transitive when NaN is present, which qsort requires. */
static int
compare_doubles (const void *pa, const void *pb)
{
  double a = *(const double *)pa;
  double b = *(const double *)pb;

  if (isnan (a) || isnan (b))
    return isnan (a) - isnan (b);
  return (a > b) - (a < b);
}

static double *
sorted_copy (const double *x, size_t n)
{
  double *copy = g_new (double, n);

  memcpy (copy, x, n * sizeof *copy);
  qsort (copy, n, sizeof *copy, compare_doubles);
  return copy;
}

static double
median_of_sorted (const double *sorted, size_t n)
{
  if (n == 0)
    return NAN;
  if (n % 2 == 1)
    return sorted[n / 2];
  /* Halve first so that two huge values cannot overflow. */
  return sorted[n / 2 - 1] / 2 + sorted[n / 2] / 2;
}

/* Median absolute deviation from a known median. */
static double
mad_around (const double *x, size_t n, double median)
{
  g_autofree double *dev = NULL;

  if (n == 0)
    return NAN;
  dev = g_new (double, n);
  for (size_t i = 0; i < n; i++)
    dev[i] = fabs (x[i] - median);
  qsort (dev, n, sizeof *dev, compare_doubles);
  return median_of_sorted (dev, n);
}

/* GSL's default error handler aborts, so its t functions only ever see finite
 * positive degrees of freedom; anything else (infinite or NaN input) gives NAN. */
static double
t_quantile_975 (double df)
{
  if (!(isfinite (df) && df > 0))
    return NAN;
  return gsl_cdf_tdist_Pinv (0.975, df);
}

static double
t_two_sided_p (double t, double df)
{
  if (isnan (t) || !(isfinite (df) && df > 0))
    return NAN;
  if (isinf (t))
    return 0.0;
  return fmin (1.0, 2 * gsl_cdf_tdist_Q (fabs (t), df));
}

double
stats_mean (const double *x, size_t n)
{
  if (n == 0)
    return NAN;
  return gsl_stats_mean (x, 1, n);
}

double
stats_sd (const double *x, size_t n)
{
  if (n < 2)
    return NAN;
  return gsl_stats_sd (x, 1, n);
}

double
stats_median (const double *x, size_t n)
{
  g_autofree double *sorted = NULL;

  if (n == 0)
    return NAN;
  sorted = sorted_copy (x, n);
  return median_of_sorted (sorted, n);
}

double
stats_mad (const double *x, size_t n)
{
  if (n == 0)
    return NAN;
  return mad_around (x, n, stats_median (x, n));
}

void
stats_summarise (const double *x, size_t n, sample_summary *out)
{
  g_autofree double *sorted = NULL;

  out->n = n;
  out->mean = out->sd = out->median = out->mad = NAN;
  out->min = out->max = NAN;
  out->ci95_low = out->ci95_high = out->cv = NAN;
  if (n == 0)
    return;

  sorted = sorted_copy (x, n);
  out->mean = stats_mean (x, n);
  out->median = median_of_sorted (sorted, n);
  out->mad = mad_around (x, n, out->median);
  out->min = sorted[0];
  out->max = sorted[n - 1];
  if (n < 2)
    return;

  out->sd = stats_sd (x, n);
  double half_width = t_quantile_975 ((double)(n - 1)) * out->sd / sqrt ((double)n);
  out->ci95_low = out->mean - half_width;
  out->ci95_high = out->mean + half_width;
  if (out->mean != 0)
    out->cv = out->sd / out->mean;
}

GArray *
stats_outliers (const double *x, size_t n)
{
  GArray *outliers = g_array_new (FALSE, FALSE, sizeof (guint));
  double median, mad;

  if (n == 0)
    return outliers;
  median = stats_median (x, n);
  mad = mad_around (x, n, median);
  /* With MAD 0 (more than half the samples equal) every other sample would
   * have an infinite score; call none of them outliers. */
  if (!(mad > 0))
    return outliers;

  for (size_t i = 0; i < n; i++)
    {
      double z = 0.6745 * (x[i] - median) / mad;

      if (fabs (z) > STATS_OUTLIER_THRESHOLD)
        {
          guint index = (guint)i;
          g_array_append_val (outliers, index);
        }
    }
  return outliers;
}

/* One value of the pooled sample, remembering which sample it came from. */
typedef struct
{
  double value;
  gboolean from_a;
} pooled_value;

static int
compare_pooled (const void *pa, const void *pb)
{
  const pooled_value *a = pa;
  const pooled_value *b = pb;

  return compare_doubles (&a->value, &b->value);
}

/* Number of the C(na + nb, na) orderings of the pooled sample in which U of
 * sample a (the pairs where a wins) is at most u.  Recurrence on the largest
 * value: it comes from a (and beats all nb values of b) or from b:
 *   count(m, k, u) = count(m - 1, k, u - k) + count(m, k - 1, u). */
static double
mann_whitney_exact_cdf (size_t na, size_t nb, size_t u, double *total)
{
  size_t width = na * nb + 1;
  g_autofree double *prev = g_new0 (double, (nb + 1) * width);
  g_autofree double *cur = g_new0 (double, (nb + 1) * width);
  double below = 0;

  /* Row m = 0: no values of a, so U is 0 whatever nb is. */
  for (size_t k = 0; k <= nb; k++)
    prev[k * width] = 1;

  for (size_t m = 1; m <= na; m++)
    {
      memset (cur, 0, (nb + 1) * width * sizeof *cur);
      cur[0] = 1;
      for (size_t k = 1; k <= nb; k++)
        for (size_t v = 0; v <= m * k; v++)
          cur[k * width + v]
              = (v >= k ? prev[k * width + v - k] : 0) + cur[(k - 1) * width + v];
      double *swap = prev;
      prev = cur;
      cur = swap;
    }

  *total = 0;
  for (size_t v = 0; v < width; v++)
    {
      *total += prev[nb * width + v];
      if (v <= u)
        below += prev[nb * width + v];
    }
  return below;
}

static void
mann_whitney (const double *a, size_t na, const double *b, size_t nb,
              stats_comparison *out)
{
  size_t n = na + nb;
  g_autofree pooled_value *pool = g_new (pooled_value, n);
  double rank_sum_a = 0, tie_term = 0;

  for (size_t i = 0; i < na; i++)
    pool[i] = (pooled_value){ a[i], TRUE };
  for (size_t i = 0; i < nb; i++)
    pool[na + i] = (pooled_value){ b[i], FALSE };
  for (size_t i = 0; i < n; i++)
    if (isnan (pool[i].value))
      {
        out->statistic = out->p_value = NAN;
        return;
      }
  qsort (pool, n, sizeof *pool, compare_pooled);

  /* Ranks are 1-based; tied values share the mean of their ranks. */
  for (size_t i = 0; i < n;)
    {
      size_t j = i;
      while (j + 1 < n && pool[j + 1].value == pool[i].value)
        j++;
      double ties = (double)(j - i + 1);
      double mid_rank = (double)(i + j + 2) / 2;
      for (size_t k = i; k <= j; k++)
        if (pool[k].from_a)
          rank_sum_a += mid_rank;
      tie_term += ties * ties * ties - ties;
      i = j + 1;
    }

  double u = rank_sum_a - (double)na * (double)(na + 1) / 2;
  double mean_u = (double)na * (double)nb / 2;
  out->statistic = u;

  if (tie_term == 0 && n <= STATS_MW_EXACT_MAX_N)
    {
      /* U is symmetric about na*nb/2, so the smaller tail is the lower tail
       * of min(U, na*nb - U).  Without ties U is an integer. */
      double u_low = fmin (u, (double)(na * nb) - u);
      double total;
      double below = mann_whitney_exact_cdf (na, nb, (size_t)u_low, &total);
      out->p_value = fmin (1.0, 2 * below / total);
      return;
    }

  double nn = (double)n;
  double var_u = (double)na * (double)nb / 12 * ((nn + 1) - tie_term / (nn * (nn - 1)));
  if (!(var_u > 0))
    {
      /* Every value is tied: U sits exactly on its mean. */
      out->p_value = 1.0;
      return;
    }
  double z = fmax (0.0, fabs (u - mean_u) - 0.5) / sqrt (var_u);
  out->p_value = fmin (1.0, 2 * gsl_cdf_ugaussian_Q (z));
}

/* Welch's t statistic, the Welch-Satterthwaite degrees of freedom and the
 * standard error of mean(b) - mean(a).  When both samples are constant the
 * standard error is 0, df is NAN and t is 0 or infinite. */
static void
welch (const double *a, size_t na, const double *b, size_t nb, double *t, double *df,
       double *se)
{
  double sd_a = stats_sd (a, na), sd_b = stats_sd (b, nb);
  double qa = sd_a * sd_a / (double)na;
  double qb = sd_b * sd_b / (double)nb;
  double diff = stats_mean (b, nb) - stats_mean (a, na);

  *se = sqrt (qa + qb);
  *df = (qa + qb) * (qa + qb) / (qa * qa / (double)(na - 1) + qb * qb / (double)(nb - 1));
  if (*se == 0 && !isnan (diff))
    *t = diff == 0 ? 0 : copysign (INFINITY, diff);
  else
    *t = diff / *se;
}

gboolean
stats_compare (stats_test_kind kind, const double *a, size_t na, const double *b,
               size_t nb, stats_comparison *out)
{
  double mean_a, t, df, se, half_width;

  if (a == NULL || b == NULL || na < 2 || nb < 2)
    return FALSE;
  if (kind != STATS_TEST_MANN_WHITNEY && kind != STATS_TEST_WELCH)
    return FALSE;

  out->kind = kind;
  mean_a = stats_mean (a, na);
  out->diff_mean = stats_mean (b, nb) - mean_a;

  welch (a, na, b, nb, &t, &df, &se);
  /* Constant samples: the difference is known exactly. */
  half_width = se == 0 ? 0 : t_quantile_975 (df) * se;
  if (mean_a != 0)
    {
      double low = 100 * (out->diff_mean - half_width) / mean_a;
      double high = 100 * (out->diff_mean + half_width) / mean_a;

      out->diff_pct = 100 * out->diff_mean / mean_a;
      out->diff_pct_ci_low = fmin (low, high);
      out->diff_pct_ci_high = fmax (low, high);
    }
  else
    out->diff_pct = out->diff_pct_ci_low = out->diff_pct_ci_high = NAN;

  if (kind == STATS_TEST_WELCH)
    {
      out->statistic = t;
      if (se == 0)
        out->p_value = t == 0 ? 1.0 : 0.0;
      else
        out->p_value = t_two_sided_p (t, df);
    }
  else
    mann_whitney (a, na, b, nb, out);
  return TRUE;
}

const char *
stats_test_name (stats_test_kind kind)
{
  switch (kind)
    {
    case STATS_TEST_MANN_WHITNEY:
      return "Mann-Whitney U";
    case STATS_TEST_WELCH:
      return "Welch's t-test";
    }
  return "unknown test";
}

/* --- Paired comparison: Wilcoxon signed-rank, Hodges-Lehmann, Walsh interval --- */

/* Null distribution of the signed-rank sum over sign flips: P(S = s) for
 * s = 0 .. sum (returned length sum + 1), where S sums the weights w[i] of
 * the values that come out positive, each with chance 1/2.  Weights are
 * doubled mid-ranks, so ties stay exact integers. */
static double *
sign_flip_distribution (const guint *w, size_t n, size_t *sum)
{
  size_t total = 0;
  for (size_t i = 0; i < n; i++)
    total += w[i];
  double *p = g_new0 (double, total + 1);
  size_t reach = 0;
  p[0] = 1;
  for (size_t i = 0; i < n; i++)
    {
      reach += w[i];
      for (size_t s = reach; s >= w[i] && s > 0; s--)
        p[s] = (p[s] + p[s - w[i]]) / 2;
      for (size_t s = MIN (w[i], reach + 1); s-- > 0;)
        p[s] /= 2;
    }
  *sum = total;
  return p;
}

static int
compare_abs (const void *pa, const void *pb)
{
  double a = fabs (*(const double *)pa), b = fabs (*(const double *)pb);
  return (a > b) - (a < b);
}

/* Doubled mid-ranks of |d| over the non-zero d, into w; the doubled sum of
 * the positive ones into *positive.  Returns how many d are non-zero. */
static size_t
doubled_signed_ranks (const double *d, size_t n, guint *w, size_t *positive)
{
  g_autofree double *nz = g_new (double, n);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (d[i] != 0)
      nz[m++] = d[i];
  qsort (nz, m, sizeof *nz, compare_abs);
  *positive = 0;
  for (size_t i = 0; i < m;)
    {
      size_t j = i;
      while (j + 1 < m && fabs (nz[j + 1]) == fabs (nz[i]))
        j++;
      for (size_t k = i; k <= j; k++)
        {
          w[k] = (guint)(i + j + 2); /* twice the mean of ranks i+1 .. j+1 */
          if (nz[k] > 0)
            *positive += w[k];
        }
      i = j + 1;
    }
  return m;
}

static double
signed_rank_p_normal (const guint *w, size_t m, size_t positive)
{
  double mean = 0, var = 0;
  for (size_t i = 0; i < m; i++)
    {
      mean += w[i] / 2.0;
      var += (double)w[i] * w[i] / 4.0;
    }
  double z = fmax (0.0, fabs ((double)positive - mean) - 1) / sqrt (var);
  return fmin (1.0, 2 * gsl_cdf_ugaussian_Q (z));
}

/* Exact two-sided p of the signed-rank test of d against 0. */
static double
signed_rank_p (const double *d, size_t n)
{
  g_autofree guint *w = g_new (guint, n);
  size_t positive;
  size_t m = doubled_signed_ranks (d, n, w, &positive);
  if (m == 0)
    return 1.0;
  if (m > STATS_PAIRED_EXACT_MAX_N)
    return signed_rank_p_normal (w, m, positive);

  size_t total;
  g_autofree double *dist = sign_flip_distribution (w, m, &total);
  /* Everything at least as far from the centre total/2 as observed. */
  size_t observed = positive * 2 > total ? positive * 2 - total : total - positive * 2;
  double p = 0;
  for (size_t s = 0; s <= total; s++)
    {
      size_t dev = s * 2 > total ? s * 2 - total : total - s * 2;
      if (dev >= observed)
        p += dist[s];
    }
  return fmin (1.0, p);
}

/* How many Walsh averages to cut from each end for a 1 - alpha interval:
 * the largest c with P(W <= c - 1) <= alpha / 2 for the untied signed-rank
 * statistic W of n pairs; 0 when not even c = 1 qualifies. */
static size_t
walsh_cut (size_t n, double alpha)
{
  size_t m = n * (n + 1) / 2;
  if (n > STATS_PAIRED_EXACT_MAX_N)
    {
      double sd = sqrt ((double)n * (n + 1) * (2 * n + 1) / 24.0);
      double c = floor (m / 2.0 - gsl_cdf_ugaussian_Qinv (alpha / 2) * sd);
      return c < 0 ? 0 : (size_t)c;
    }
  g_autofree guint *w = g_new (guint, n);
  for (size_t i = 0; i < n; i++)
    w[i] = (guint)(i + 1);
  size_t total;
  g_autofree double *dist = sign_flip_distribution (w, n, &total);
  double below = 0;
  size_t c = 0;
  /* A tiny relative slack so that a p of exactly alpha / 2 counts. */
  while (c < total && below + dist[c] <= alpha / 2 * (1 + 1e-12))
    below += dist[c++];
  return c;
}

static int
compare_plain (const void *pa, const void *pb)
{
  return compare_doubles (pa, pb);
}

static double
pct_of_log (double d)
{
  return 100 * expm1 (d);
}

gboolean
stats_paired_compare (const double *a, const double *b, size_t n, double alpha,
                      stats_paired *out)
{
  if (n == 0 || a == NULL || b == NULL || !(alpha > 0 && alpha < 1))
    return FALSE;
  g_autofree double *d = g_new (double, n);
  for (size_t i = 0; i < n; i++)
    {
      if (!(isfinite (a[i]) && isfinite (b[i]) && a[i] > 0 && b[i] > 0))
        return FALSE;
      d[i] = log (b[i]) - log (a[i]);
    }

  size_t m = n * (n + 1) / 2;
  g_autofree double *walsh = g_new (double, m);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = i; j < n; j++)
      walsh[k++] = d[i] / 2 + d[j] / 2;
  qsort (walsh, m, sizeof *walsh, compare_plain);

  out->n = n;
  out->alpha = alpha;
  double hl = median_of_sorted (walsh, m);
  out->ratio = exp (hl);
  out->pct = pct_of_log (hl);
  out->p_value = signed_rank_p (d, n);
  size_t cut = walsh_cut (n, alpha);
  out->have_interval = cut > 0;
  out->pct_low = cut > 0 ? pct_of_log (walsh[cut - 1]) : -INFINITY;
  out->pct_high = cut > 0 ? pct_of_log (walsh[m - cut]) : INFINITY;
  out->significant = out->have_interval && out->p_value <= alpha
                     && (out->pct_low > 0 || out->pct_high < 0);
  return TRUE;
}

double
stats_paired_min_p (size_t n)
{
  return n == 0 ? 1.0 : fmin (1.0, ldexp (1.0, 1 - (int)MIN (n, 2000)));
}

size_t
stats_paired_min_pairs (double alpha)
{
  size_t n = 1;
  while (stats_paired_min_p (n) > alpha * (1 + 1e-12) && n < 2000)
    n++;
  return n;
}

stats_decision
stats_paired_decide (const stats_paired *c, double threshold_pct)
{
  if (!c->have_interval)
    return STATS_INCONCLUSIVE;
  if (c->pct_low > -threshold_pct && c->pct_high < threshold_pct)
    return STATS_SAME;
  if (c->significant && stats_paired_side (c, threshold_pct / 2) > 0)
    return STATS_CHANGED;
  if (c->significant && stats_paired_side (c, -threshold_pct / 2) < 0)
    return STATS_CHANGED;
  return STATS_INCONCLUSIVE;
}

int
stats_paired_side (const stats_paired *c, double pct)
{
  if (!c->have_interval)
    return 0;
  if (c->pct_low > pct)
    return 1;
  if (c->pct_high < pct)
    return -1;
  return 0;
}

/* --- Sequential looks: Pocock's constant boundary --- */

/* Grid points over a look's continuation region. */
#define BOUNDARY_GRID 160

/* Chance that a standard Brownian motion S, looked at at the times t[0..k),
 * leaves |S(t)| < c sqrt(t) at some look (Armitage, McPherson and Rowe's
 * recursion: the density of S on the continuation region, carried from look
 * to look by the normal increment, on a grid with the trapezoid rule).  The
 * first look's bound is c1 sqrt (t[0]). */
static double
boundary_crossing (const double *t, guint k, double c1, double c)
{
  double f[BOUNDARY_GRID + 1], next[BOUNDARY_GRID + 1];
  double crossed = 2 * gsl_cdf_ugaussian_Q (c1);
  double b = c1 * sqrt (t[0]), h = 2 * b / BOUNDARY_GRID;
  for (int j = 0; j <= BOUNDARY_GRID; j++)
    f[j] = gsl_ran_ugaussian_pdf ((-b + j * h) / sqrt (t[0])) / sqrt (t[0]);
  for (guint i = 1; i < k; i++)
    {
      double sd = sqrt (t[i] - t[i - 1]);
      double b2 = c * sqrt (t[i]), h2 = 2 * b2 / BOUNDARY_GRID;
      for (int l = 0; l <= BOUNDARY_GRID; l++)
        next[l] = 0;
      for (int j = 0; j <= BOUNDARY_GRID; j++)
        {
          double x = -b + j * h;
          double w = f[j] * h * (j == 0 || j == BOUNDARY_GRID ? 0.5 : 1);
          crossed += w
                     * (gsl_cdf_ugaussian_Q ((b2 - x) / sd)
                        + gsl_cdf_ugaussian_Q ((b2 + x) / sd));
          for (int l = 0; l <= BOUNDARY_GRID; l++)
            next[l] += w * gsl_ran_ugaussian_pdf ((-b2 + l * h2 - x) / sd) / sd;
        }
      memcpy (f, next, sizeof f);
      b = b2, h = h2;
    }
  return crossed;
}

/* The two-sided level each of the looks at n[0..k) pairs may use so that
 * the chance that any of them rejects a true null is alpha, under the
 * normal approximation (Pocock's boundary: the same level at every look);
 * with first_level > 0, the first look's level is that one and the others
 * share the rest.  0 when the first look alone spends alpha. */
static double
pocock_level (const size_t *n, guint k, double alpha, double first_level)
{
  g_autofree double *t = g_new (double, k);
  for (guint i = 0; i < k; i++)
    t[i] = (double)n[i];
  if (first_level >= alpha)
    return 0;
  double c1 = first_level > 0 ? gsl_cdf_ugaussian_Qinv (first_level / 2) : 0;
  /* Between no correction and Bonferroni's (over the later looks, of what
   * the first one leaves). */
  double lo = gsl_cdf_ugaussian_Qinv (alpha / 2);
  double hi = first_level > 0
                  ? gsl_cdf_ugaussian_Qinv ((alpha - first_level) / (2 * (k - 1)))
                  : gsl_cdf_ugaussian_Qinv (alpha / (2 * k));
  for (int it = 0; it < 40 && hi - lo > 1e-6; it++)
    {
      double mid = (lo + hi) / 2;
      if (boundary_crossing (t, k, first_level > 0 ? c1 : mid, mid) > alpha)
        lo = mid;
      else
        hi = mid;
    }
  return 2 * gsl_cdf_ugaussian_Q (hi);
}

/* The looks: first, first + pairs_per_look, ... and max_pairs. */
static GArray *
planned_looks (size_t first, size_t pairs_per_look, size_t max_pairs)
{
  GArray *looks = g_array_new (FALSE, FALSE, sizeof (size_t));
  for (size_t n = first;; n += pairs_per_look)
    {
      size_t at = MIN (n, max_pairs);
      g_array_append_val (looks, at);
      if (at == max_pairs)
        break;
    }
  return looks;
}

static void
plan_set (stats_sequential_plan *plan, double alpha, guint looks, double first_level,
          double level, size_t first_pairs, size_t pairs_per_look)
{
  plan->alpha = alpha;
  plan->looks = looks;
  plan->first_look_alpha = first_level;
  plan->look_alpha = level;
  plan->first_pairs = first_pairs;
  plan->pairs_per_look = pairs_per_look;
}

/* Can a look of n pairs reach the level? */
static gboolean
reaches (size_t n, double level)
{
  return stats_paired_min_p (n) <= level * (1 + 1e-12);
}

/* The earliest look that can reach the level Pocock's boundary gives it
 * and the looks after it: looks too early to reach the level are not
 * taken, so they spend nothing.  With at_smallest_p, a look just before it
 * is taken at its smallest p when that is within what the later looks get
 * without it. */
static gboolean
plan_make (double alpha, size_t first_pairs, size_t pairs_per_look, size_t max_pairs,
           gboolean at_smallest_p, stats_sequential_plan *plan)
{
  if (!(alpha > 0 && alpha < 1) || pairs_per_look == 0 || max_pairs == 0
      || first_pairs == 0)
    return FALSE;
  g_autoptr (GArray) looks = planned_looks (first_pairs, pairs_per_look, max_pairs);
  const size_t *n = (const size_t *)looks->data;
  for (guint first = 0; first < looks->len; first++)
    {
      guint k = looks->len - first;
      double level = pocock_level (n + first, k, alpha, 0);
      if (reaches (n[first], level))
        {
          plan_set (plan, alpha, k, level, level, n[first], pairs_per_look);
          return TRUE;
        }
      if (!at_smallest_p || k < 2)
        continue;
      double smallest = stats_paired_min_p (n[first]) * (1 + 1e-9);
      double later = pocock_level (n + first + 1, k - 1, alpha, 0);
      if (smallest <= later && reaches (n[first + 1], later))
        {
          double rest = pocock_level (n + first, k, alpha, smallest);
          if (rest > 0 && reaches (n[first + 1], rest))
            {
              plan_set (plan, alpha, k, smallest, rest, n[first], pairs_per_look);
              return TRUE;
            }
        }
    }
  return FALSE;
}

gboolean
stats_sequential_plan_make_from (double alpha, size_t first_pairs, size_t pairs_per_look,
                                 size_t max_pairs, stats_sequential_plan *plan)
{
  return plan_make (alpha, first_pairs, pairs_per_look, max_pairs, TRUE, plan);
}

gboolean
stats_sequential_plan_make (double alpha, size_t pairs_per_look, size_t max_pairs,
                            stats_sequential_plan *plan)
{
  return plan_make (alpha, pairs_per_look, pairs_per_look, max_pairs, FALSE, plan);
}

double
stats_sequential_look_level (const stats_sequential_plan *plan, size_t n)
{
  return n <= plan->first_pairs ? plan->first_look_alpha : plan->look_alpha;
}
