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
