/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-stats.c: unit tests of common/stats.c against independently computed values.
 *
 * Reference values come from Python 3's standard library (statistics, math,
 * itertools) or are derived by hand; each test says which.  Where a t
 * distribution was needed, the reference script integrated the Student t
 * density numerically (Simpson's rule, 200000 intervals, density built from
 * math.lgamma) instead of calling any library CDF:
 *
 *   def tpdf(x, df): return math.exp(math.lgamma((df+1)/2) - math.lgamma(df/2))
 *                           / math.sqrt(df*math.pi) * (1 + x*x/df) ** (-(df+1)/2)
 *   two-sided p = 1 - 2 * integral_0^|t| tpdf;  0.975 quantile by bisection. */

#include <config.h>

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib.h>

#include <gsl/gsl_cdf.h>

#include "stats.h"

/* Relative comparison; the expected values carry about 10 significant digits. */
#define assert_near(actual, expected, rel)                                               \
  g_assert_cmpfloat_with_epsilon ((actual), (expected), fabs ((double)(expected)) * (rel))

/* Per-pass boot times (ms) measured on the development machine. */
static const double real_ms[]
    = { 24893, 23906, 22953, 20386, 24880, 23297, 25645, 25592, 27242, 28135 };

/* Expected values from:
 *   python3 -c 'import statistics as s; x=[24893,23906,22953,20386,24880,23297,
 *     25645,25592,27242,28135]; m=s.median(x); print(s.mean(x), s.stdev(x), m,
 *     s.median([abs(v-m) for v in x]))'
 *   -> 24692.9 2218.114136... 24886.5 1285
 * t(0.975, 9) = 2.262157163 (numeric integration; tables give 2.2622), so
 * ci95 = mean -+ 2.262157163 * sd / sqrt(10) = 23106.15673 .. 26279.64327,
 * cv = sd / mean = 0.08982801277. */
static void
test_summary_real_passes (void)
{
  sample_summary s;

  stats_summarise (real_ms, G_N_ELEMENTS (real_ms), &s);
  g_assert_cmpuint (s.n, ==, 10);
  assert_near (s.mean, 24692.9, 1e-12);
  assert_near (s.sd, 2218.114136, 1e-9);
  assert_near (s.median, 24886.5, 1e-12);
  assert_near (s.mad, 1285, 1e-12);
  g_assert_cmpfloat (s.min, ==, 20386);
  g_assert_cmpfloat (s.max, ==, 28135);
  assert_near (s.ci95_low, 23106.15673, 1e-9);
  assert_near (s.ci95_high, 26279.64327, 1e-9);
  assert_near (s.cv, 0.08982801277, 1e-9);

  /* The single-value functions agree with the summary. */
  assert_near (stats_mean (real_ms, 10), 24692.9, 1e-12);
  assert_near (stats_sd (real_ms, 10), 2218.114136, 1e-9);
  assert_near (stats_median (real_ms, 10), 24886.5, 1e-12);
  assert_near (stats_mad (real_ms, 10), 1285, 1e-12);
}

/* Medians by hand.  The fractional and huge values catch comparators written
 * as (int) (a - b), which truncate or overflow. */
static void
test_median (void)
{
  const double odd[] = { 0.3, 0.1, 0.2 };
  const double even[] = { 4, 1, 3, 2 };
  const double huge[] = { 1e308, -1e308, 1e308 };
  const double max_pair[] = { DBL_MAX, DBL_MAX };
  double copy[G_N_ELEMENTS (odd)];

  memcpy (copy, odd, sizeof odd);
  g_assert_cmpfloat (stats_median (copy, 3), ==, 0.2);
  g_assert_cmpmem (copy, sizeof copy, odd, sizeof odd); /* input left unsorted */
  g_assert_cmpfloat (stats_median (even, 4), ==, 2.5);
  g_assert_cmpfloat (stats_median (huge, 3), ==, 1e308);
  g_assert_cmpfloat (stats_median (max_pair, 2), ==, DBL_MAX);

  /* MAD by hand: median 2.5, deviations 1.5 1.5 0.5 0.5 -> 1. */
  g_assert_cmpfloat (stats_mad (even, 4), ==, 1);
}

/* n = 0 and n = 1: NAN wherever the header says so, nothing read from NULL. */
static void
test_small_samples (void)
{
  const double one[] = { 42 };
  const double zero_mean[] = { -1, 1 };
  sample_summary s;
  g_autoptr (GArray) none = NULL;

  g_assert_true (isnan (stats_mean (NULL, 0)));
  g_assert_true (isnan (stats_sd (NULL, 0)));
  g_assert_true (isnan (stats_median (NULL, 0)));
  g_assert_true (isnan (stats_mad (NULL, 0)));
  g_assert_true (isnan (stats_sd (one, 1)));

  stats_summarise (NULL, 0, &s);
  g_assert_cmpuint (s.n, ==, 0);
  g_assert_true (isnan (s.mean) && isnan (s.median) && isnan (s.sd));
  g_assert_true (isnan (s.min) && isnan (s.max) && isnan (s.ci95_low) && isnan (s.cv));

  stats_summarise (one, 1, &s);
  g_assert_cmpuint (s.n, ==, 1);
  g_assert_cmpfloat (s.mean, ==, 42);
  g_assert_cmpfloat (s.median, ==, 42);
  g_assert_cmpfloat (s.mad, ==, 0);
  g_assert_cmpfloat (s.min, ==, 42);
  g_assert_cmpfloat (s.max, ==, 42);
  g_assert_true (isnan (s.sd));
  g_assert_true (isnan (s.ci95_low) && isnan (s.ci95_high));
  g_assert_true (isnan (s.cv));

  /* cv is NAN when the mean is 0; sd = sqrt(2) by hand. */
  stats_summarise (zero_mean, 2, &s);
  assert_near (s.sd, G_SQRT2, 1e-15);
  g_assert_true (isnan (s.cv));

  none = stats_outliers (NULL, 0);
  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
assert_outliers (const double *x, size_t n, const guint *expected, guint n_expected)
{
  g_autoptr (GArray) found = stats_outliers (x, n);

  g_assert_nonnull (found);
  g_assert_cmpmem (found->data, found->len * sizeof (guint), expected,
                   n_expected * sizeof (guint));
}

/* Modified z-scores by hand or with python3 statistics.median. */
static void
test_outliers (void)
{
  /* median 11, MAD 1: 50 scores 0.6745 * 39 = 26.3, the rest at most 0.67. */
  const double wild[] = { 10, 11, 12, 11, 10, 12, 11, 50 };
  const guint wild_expected[] = { 7 };
  /* The real passes plus a 60 s pass: median 24893, MAD 1596 (python3
   * statistics.median); 60000 scores 14.8, the others at most 1.9. */
  double real_plus[G_N_ELEMENTS (real_ms) + 1];
  const guint real_plus_expected[] = { 10 };
  /* median 0, MAD 1: 5.18 scores 3.494 (kept), -5.19 scores -3.5007 (flagged). */
  const double edge[] = { -1, -1, 0, 0, 0, 1, 1, 5.18, -5.19 };
  const guint edge_expected[] = { 8 };
  /* More than half equal: MAD 0, so nothing is an outlier. */
  const double flat[] = { 5, 5, 5, 5, 100 };

  memcpy (real_plus, real_ms, sizeof real_ms);
  real_plus[G_N_ELEMENTS (real_ms)] = 60000;

  assert_outliers (wild, G_N_ELEMENTS (wild), wild_expected, 1);
  assert_outliers (real_plus, G_N_ELEMENTS (real_plus), real_plus_expected, 1);
  assert_outliers (edge, G_N_ELEMENTS (edge), edge_expected, 1);
  g_assert_cmpfloat (stats_mad (flat, 5), ==, 0);
  assert_outliers (flat, G_N_ELEMENTS (flat), NULL, 0);
  /* The real passes alone have scores within -2.36 .. 1.71. */
  assert_outliers (real_ms, G_N_ELEMENTS (real_ms), NULL, 0);
}

static void
assert_mann_whitney (const double *a, size_t na, const double *b, size_t nb, double u,
                     double p, double rel)
{
  stats_comparison c;

  g_assert_true (stats_compare (STATS_TEST_MANN_WHITNEY, a, na, b, nb, &c));
  g_assert_cmpint (c.kind, ==, STATS_TEST_MANN_WHITNEY);
  g_assert_cmpfloat (c.statistic, ==, u);
  assert_near (c.p_value, p, rel);
}

/* Exact p-values by brute force: python3 enumerating every split of the pooled
 * values with itertools.combinations, counting U = #(a_i > b_j) for each, and
 * taking p = min(1, 2 * min(#(U <= u), #(U >= u)) / C(na + nb, na)). */
static void
test_mann_whitney_exact (void)
{
  const double low[] = { 1, 2, 3, 4, 5 };
  const double high[] = { 6, 7, 8, 9, 10 };
  const double odds[] = { 1, 3, 5, 7, 9 };
  const double evens[] = { 2, 4, 6, 8, 10 };
  const double three[] = { 1.5, 2.5, 4.5 };
  const double six[] = { 1, 3, 5, 6, 7, 8 };
  const double eight[] = { 10.1, 11.3, 9.8, 12.0, 10.7, 11.9, 10.2, 9.5 };
  const double nine[] = { 11.1, 12.4, 13.0, 10.9, 12.8, 11.6, 13.3, 12.2, 11.8 };

  /* Complete separation: 1 of 252 orderings per tail, p = 2/252. */
  assert_mann_whitney (low, 5, high, 5, 0, 2.0 / 252, 1e-12);
  assert_mann_whitney (high, 5, low, 5, 25, 2.0 / 252, 1e-12);
  /* Interleaved: U = 10, p = 174/252 = 0.6904761905. */
  assert_mann_whitney (odds, 5, evens, 5, 10, 174.0 / 252, 1e-12);
  /* Unequal sizes: U = 4, p = 22/84 = 0.2619047619. */
  assert_mann_whitney (three, 3, six, 6, 4, 22.0 / 84, 1e-12);
  /* 8 vs 9: U = 10, p = 0.011106540518305225 (270 of 24310 orderings). */
  assert_mann_whitney (eight, 8, nine, 9, 10, 0.011106540518305225, 1e-12);
}

/* The exact/normal boundary at na + nb = 40, by hand.  a = 1..20 below
 * b = 21..40 is the only ordering with U = 0, so p = 2 / C(40, 20) =
 * 2 / 137846528820.  Swapping 20 and 21 gives the only ordering with U = 1,
 * so p = 2 * 2 / C(40, 20).  One more value (41 in total) switches to the
 * normal approximation: for a = 1..20, b = 21..41, U = 0, mu = 210,
 * sigma^2 = 20*21*42/12 = 1470, z = 209.5 / sqrt(1470), and
 *   python3 -c 'import math; print(math.erfc(209.5/math.sqrt(1470)/math.sqrt(2)))'
 *   -> 4.650395086620366e-08 */
static void
test_mann_whitney_boundary (void)
{
  double a[20], b[21];

  for (int i = 0; i < 20; i++)
    a[i] = i + 1;
  for (int i = 0; i < 21; i++)
    b[i] = i + 21;
  assert_mann_whitney (a, 20, b, 20, 0, 2 / 137846528820.0, 1e-12);
  a[19] = 21;
  b[0] = 20;
  assert_mann_whitney (a, 20, b, 20, 1, 4 / 137846528820.0, 1e-12);
  a[19] = 20;
  b[0] = 21;
  assert_mann_whitney (a, 20, b, 21, 0, 4.650395086620366e-08, 1e-9);
}

/* Ties force the normal approximation.  Reference by hand-written formula in
 * python3: midranks of the pooled sample, U = R_a - na(na+1)/2,
 * sigma^2 = na*nb/12 * ((N+1) - sum(t^3-t)/(N(N-1))), z = (|U - mu| - 0.5)/sigma,
 * p = math.erfc(z/math.sqrt(2)).
 *   a = 1 2 2 3 3 3 4, b = 3 4 4 5 5 6: U = 3.5, sum(t^3-t) = 96,
 *   p = 0.012999854364387314.
 * Identical samples put U on its mean (12.5 for 5 vs 5): p = 1. */
static void
test_mann_whitney_ties (void)
{
  const double a[] = { 1, 2, 2, 3, 3, 3, 4 };
  const double b[] = { 3, 4, 4, 5, 5, 6 };
  const double same[] = { 1, 2, 3, 4, 5 };
  const double constant[] = { 7, 7, 7 };

  assert_mann_whitney (a, 7, b, 6, 3.5, 0.012999854364387314, 1e-9);
  assert_mann_whitney (same, 5, same, 5, 12.5, 1, 1e-15);
  /* Every value tied: the variance of U is 0, U = 4.5 = mu, p = 1. */
  assert_mann_whitney (constant, 3, constant, 3, 4.5, 1, 1e-15);
}

/* Welch reference by hand formula in python3 (statistics.mean/variance):
 *   se = sqrt(va/na + vb/nb), t = (mb - ma)/se,
 *   df = (va/na + vb/nb)^2 / ((va/na)^2/(na-1) + (vb/nb)^2/(nb-1)),
 * p and the 0.975 quantile q by the numeric integration described at the top,
 * diff_pct_ci = 100 * (mb - ma -+ q*se) / ma. */
static void
test_welch (void)
{
  const double a1[] = { 27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1,
                        21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4 };
  const double a2[] = { 27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0,
                        24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4 };
  const double c1[] = { 19, 22, 16, 29, 24 };
  const double c2[] = { 20, 11, 17, 12 };
  stats_comparison c;

  /* t = 2.455356398, df = 24.98852929, p = 0.02137800146, q = 2.059586491. */
  g_assert_true (stats_compare (STATS_TEST_WELCH, a1, 15, a2, 15, &c));
  g_assert_cmpint (c.kind, ==, STATS_TEST_WELCH);
  assert_near (c.statistic, 2.455356398286006, 1e-9);
  assert_near (c.p_value, 0.02137800146286173, 1e-7);
  assert_near (c.diff_mean, 2.166666666666668, 1e-12);
  assert_near (c.diff_pct, 10.40666026256805, 1e-12);
  assert_near (c.diff_pct_ci_low, 1.6774114610585784, 1e-7);
  assert_near (c.diff_pct_ci_high, 19.13590906407752, 1e-7);

  /* Unequal sizes and variances, b below a: t = -2.283148256,
   * df = 6.928837483, p = 0.05675092592, q = 2.369556346. */
  g_assert_true (stats_compare (STATS_TEST_WELCH, c1, 5, c2, 4, &c));
  assert_near (c.statistic, -2.2831482556870477, 1e-9);
  assert_near (c.p_value, 0.05675092592187403, 1e-7);
  assert_near (c.diff_mean, -7, 1e-12);
  assert_near (c.diff_pct, -31.818181818181817, 1e-12);
  assert_near (c.diff_pct_ci_low, -64.8405554054044, 1e-7);
  assert_near (c.diff_pct_ci_high, 1.2041917690407593, 1e-7);
}

/* The 95% interval of the difference is reported whichever test is chosen, and
 * is ordered low..high even below a negative baseline.  Negative baseline by
 * hand: mean a = -11, mean b = -6, both variances 1, se = sqrt(2/3), df = 4,
 * t(0.975, 4) = 2.776445105 (numeric integration; tables give 2.7764), so
 * 100 * (5 -+ 2.776445105 * sqrt(2/3)) / -11 = -24.84583695 and -66.06325396. */
static void
test_difference_interval (void)
{
  const double c1[] = { 19, 22, 16, 29, 24 };
  const double c2[] = { 20, 11, 17, 12 };
  const double neg_a[] = { -10, -12, -11 };
  const double neg_b[] = { -5, -6, -7 };
  stats_comparison c;

  g_assert_true (stats_compare (STATS_TEST_MANN_WHITNEY, c1, 5, c2, 4, &c));
  assert_near (c.diff_pct, -31.818181818181817, 1e-12);
  assert_near (c.diff_pct_ci_low, -64.8405554054044, 1e-7);
  assert_near (c.diff_pct_ci_high, 1.2041917690407593, 1e-7);

  g_assert_true (stats_compare (STATS_TEST_WELCH, neg_a, 3, neg_b, 3, &c));
  assert_near (c.diff_pct, -45.45454545454545, 1e-12);
  assert_near (c.diff_pct_ci_low, -66.06325395934113, 1e-7);
  assert_near (c.diff_pct_ci_high, -24.84583694974979, 1e-7);
}

/* No difference: t = 0 and p = 1 by hand, interval symmetric around 0. */
static void
test_identical_samples (void)
{
  const double constant[] = { 7, 7, 7 };
  stats_comparison c;

  g_assert_true (stats_compare (STATS_TEST_WELCH, real_ms, 10, real_ms, 10, &c));
  g_assert_cmpfloat (c.statistic, ==, 0);
  assert_near (c.p_value, 1, 1e-12);
  g_assert_cmpfloat (c.diff_mean, ==, 0);
  g_assert_cmpfloat (c.diff_pct, ==, 0);
  assert_near (c.diff_pct_ci_low, -c.diff_pct_ci_high, 1e-12);
  g_assert_cmpfloat (c.diff_pct_ci_low, <, 0);

  /* Constant samples: standard error 0; still p = 1 and an empty interval. */
  g_assert_true (stats_compare (STATS_TEST_WELCH, constant, 3, constant, 3, &c));
  g_assert_cmpfloat (c.statistic, ==, 0);
  g_assert_cmpfloat (c.p_value, ==, 1);
  g_assert_cmpfloat (c.diff_pct_ci_low, ==, 0);
  g_assert_cmpfloat (c.diff_pct_ci_high, ==, 0);
}

/* Fewer than 2 values in either sample: FALSE. */
static void
test_compare_too_small (void)
{
  const double one[] = { 1 };
  const double two[] = { 1, 2 };
  stats_comparison c;

  for (int kind = STATS_TEST_MANN_WHITNEY; kind <= STATS_TEST_WELCH; kind++)
    {
      g_assert_false (stats_compare (kind, one, 1, two, 2, &c));
      g_assert_false (stats_compare (kind, two, 2, one, 1, &c));
      g_assert_false (stats_compare (kind, NULL, 0, two, 2, &c));
      g_assert_false (stats_compare (kind, two, 2, NULL, 0, &c));
      g_assert_true (stats_compare (kind, two, 2, two, 2, &c));
    }
}

/* NaN in the input gives NAN results instead of aborting in GSL. */
static void
test_compare_nan (void)
{
  const double a[] = { 1, NAN, 3 };
  const double b[] = { 4, 5, 6 };
  stats_comparison c;

  g_assert_true (stats_compare (STATS_TEST_WELCH, a, 3, b, 3, &c));
  g_assert_true (isnan (c.statistic) && isnan (c.p_value));
  g_assert_true (isnan (c.diff_pct_ci_low) && isnan (c.diff_pct_ci_high));
  g_assert_true (stats_compare (STATS_TEST_MANN_WHITNEY, a, 3, b, 3, &c));
  g_assert_true (isnan (c.p_value));
}

static void
test_names (void)
{
  g_assert_cmpstr (stats_test_name (STATS_TEST_MANN_WHITNEY), ==, "Mann-Whitney U");
  g_assert_cmpstr (stats_test_name (STATS_TEST_WELCH), ==, "Welch's t-test");
}

/* The paired estimator.  Reference values from an exhaustive enumeration
 * written independently in Python 3 (standard library only: itertools,
 * math, statistics): every one of the 2^n sign patterns of the non-zero
 * log ratios, tied |d| sharing mid-ranks, gives the exact p; the untied
 * signed-rank distribution enumerated the same way gives how many Walsh
 * averages to cut for the interval; statistics.median of the Walsh averages
 * gives the estimate.  (Script: for a, b pairs, d = log b - log a; p =
 * share of sign patterns whose |rank sum - total/2| >= the observed one.) */

/* The issue's example: a has one 80000 ms outlier, b is 7.5% slower in 9 of
 * its 10 passes.  Mann-Whitney with a mean-based size called that "improves
 * by 17.3%, p=0.0028"; the paired estimator says slower by 7.5%, not shown:
 *   p = 0.083984375 (86 of 1024 sign patterns), estimate +7.49445550182662%,
 *   95% interval (cut 9) -46.24247040691131% .. +7.518796992481175%. */
static void
test_paired_issue_example (void)
{
  static const double a[]
      = { 19900, 19950, 20000, 20050, 20100, 19920, 19980, 20020, 20080, 80000 };
  static const double b[]
      = { 21400, 21450, 21500, 21550, 21600, 21420, 21480, 21520, 21580, 21500 };
  stats_paired c;

  g_assert_true (stats_paired_compare (a, b, 10, 0.05, &c));
  g_assert_cmpuint (c.n, ==, 10);
  assert_near (c.p_value, 0.083984375, 1e-12);
  assert_near (c.pct, 7.49445550182662, 1e-9);
  g_assert_true (c.have_interval);
  assert_near (c.pct_low, -46.24247040691131, 1e-9);
  assert_near (c.pct_high, 7.518796992481175, 1e-9);
  g_assert_false (c.significant);
  g_assert_cmpint (stats_paired_decide (&c, 5), ==, STATS_INCONCLUSIVE);

  /* At 0.01 the interval widens (cut 4): -46.254676013870146 .. +7.528242302470319. */
  g_assert_true (stats_paired_compare (a, b, 10, 0.01, &c));
  assert_near (c.pct_low, -46.254676013870146, 1e-9);
  assert_near (c.pct_high, 7.528242302470319, 1e-9);
}

/* {20000 x3} against {24000 x3}: three equal positive log ratios.  Exact p
 * over the 8 sign patterns is 2/8 = 0.25 (by hand: only all-plus and
 * all-minus are as extreme); no 99% interval exists with 3 pairs (the
 * smallest p is 0.25), so the verdict cannot be "changed". */
static void
test_paired_ties_small (void)
{
  static const double a[] = { 20000, 20000, 20000 };
  static const double b[] = { 24000, 24000, 24000 };
  stats_paired c;

  g_assert_true (stats_paired_compare (a, b, 3, 0.01, &c));
  assert_near (c.p_value, 0.25, 1e-12);
  assert_near (c.pct, 20, 1e-12);
  g_assert_false (c.have_interval);
  g_assert_false (c.significant);
  g_assert_true (isinf (c.pct_low) && isinf (c.pct_high));
  g_assert_cmpint (stats_paired_decide (&c, 5), ==, STATS_INCONCLUSIVE);
}

/* Ties and a zero among 8 pairs (the reference 1000 ms throughout):
 * p = 0.375, estimate +4.88088481701515%, 95% interval (cut 4)
 * -4.999999999999964% .. +14.891252930760585%.  Then passes of real boots
 * (tests' real_ms) against 10% slower ones: p = 0.0078125, estimate
 * +15.1361732197092%, interval +6.415297974266027% .. +31.702513567921955%. */
static void
test_paired_ties_and_zero (void)
{
  static const double a[] = { 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000 };
  static const double b[] = { 1100, 1100, 1000, 950, 1200, 1100, 1050, 900 };
  double a2[8], b2[8];
  stats_paired c;

  g_assert_true (stats_paired_compare (a, b, 8, 0.05, &c));
  assert_near (c.p_value, 0.375, 1e-12);
  assert_near (c.pct, 4.88088481701515, 1e-9);
  assert_near (c.pct_low, -4.999999999999964, 1e-9);
  assert_near (c.pct_high, 14.891252930760585, 1e-9);

  memcpy (a2, real_ms, 5 * sizeof *a2);
  a2[5] = 24000, a2[6] = 25000, a2[7] = 26000;
  for (int i = 0; i < 5; i++)
    b2[i] = real_ms[5 + i] * 1.1;
  b2[5] = 25000, b2[6] = 27500, b2[7] = 28700;
  g_assert_true (stats_paired_compare (a2, b2, 8, 0.05, &c));
  assert_near (c.p_value, 0.0078125, 1e-12);
  assert_near (c.pct, 15.1361732197092, 1e-9);
  assert_near (c.pct_low, 6.415297974266027, 1e-9);
  assert_near (c.pct_high, 31.702513567921955, 1e-9);
  g_assert_true (c.significant);
  /* +6.4% .. +31.7%: beyond T/2 and reaching T for T = 5 and 10 and 12.8;
   * straddling T/2 for 20; inside +-T for 40. */
  g_assert_cmpint (stats_paired_decide (&c, 5), ==, STATS_CHANGED);
  g_assert_cmpint (stats_paired_decide (&c, 10), ==, STATS_CHANGED);
  g_assert_cmpint (stats_paired_decide (&c, 12.8), ==, STATS_CHANGED);
  g_assert_cmpint (stats_paired_decide (&c, 20), ==, STATS_INCONCLUSIVE);
  g_assert_cmpint (stats_paired_decide (&c, 40), ==, STATS_SAME);
  g_assert_cmpint (stats_paired_side (&c, 6.4), ==, 1);
  g_assert_cmpint (stats_paired_side (&c, 6.5), ==, 0);
  g_assert_cmpint (stats_paired_side (&c, 31.8), ==, -1);
}

/* Brute force over every sign pattern, written apart from stats.c: the exact
 * two-sided p of the signed-rank sum of d (mid-ranks, zeros dropped). */
static double
brute_force_p (const double *d, size_t n)
{
  double nz[16], rank[16], total = 0, observed = 0;
  size_t m = 0, extreme = 0;
  for (size_t i = 0; i < n; i++)
    if (d[i] != 0)
      nz[m++] = d[i];
  for (size_t i = 0; i < m; i++)
    {
      double below = 0, equal = 0;
      for (size_t j = 0; j < m; j++)
        {
          below += fabs (nz[j]) < fabs (nz[i]);
          equal += fabs (nz[j]) == fabs (nz[i]);
        }
      rank[i] = below + (equal + 1) / 2;
      total += rank[i];
      if (nz[i] > 0)
        observed += rank[i];
    }
  for (size_t mask = 0; mask < ((size_t)1 << m); mask++)
    {
      double s = 0;
      for (size_t i = 0; i < m; i++)
        if (mask & ((size_t)1 << i))
          s += rank[i];
      extreme += fabs (s - total / 2) >= fabs (observed - total / 2) - 1e-9;
    }
  return m == 0 ? 1.0 : (double)extreme / (double)((size_t)1 << m);
}

/* Random inputs: lognormal times, sometimes rounded to 100 ms (ties), with
 * outliers and shifts.  What must always hold: the printed size's sign is the
 * estimate's; the estimate lies in its interval; "significant" and "changed"
 * never come with an interval containing 0 or with p > alpha; p matches the
 * brute force; and without ties p <= alpha exactly when the interval
 * excludes 0 (it is the test's own inversion). */
static void
test_paired_properties (void)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (20261201);
  static const double alphas[] = { 0.05, 0.01, 0.001 };
  for (int trial = 0; trial < 3000; trial++)
    {
      size_t n = (size_t)g_rand_int_range (rng, 1, 15);
      double shift = g_rand_double_range (rng, -0.3, 0.3) * (trial % 3 != 0);
      gboolean round = trial % 5 == 0;
      double a[16], b[16], d[16];
      for (size_t i = 0; i < n; i++)
        {
          double u1 = g_rand_double (rng) + 1e-12, u2 = g_rand_double (rng);
          double z = sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);
          a[i] = 20000 * exp (0.1 * z * g_rand_double (rng));
          b[i] = a[i] * exp (shift + 0.1 * g_rand_double_range (rng, -1, 1));
          if (g_rand_int_range (rng, 0, 50) == 0)
            b[i] *= 1.5;
          if (round)
            a[i] = 1000 * floor (a[i] / 1000), b[i] = 1000 * floor (b[i] / 1000);
          d[i] = log (b[i]) - log (a[i]);
        }
      double alpha = alphas[trial % 3];
      stats_paired c;
      g_assert_true (stats_paired_compare (a, b, n, alpha, &c));
      assert_near (c.p_value, brute_force_p (d, n), 1e-9);
      if (c.have_interval)
        {
          g_assert_cmpfloat (c.pct_low, <=, c.pct);
          g_assert_cmpfloat (c.pct, <=, c.pct_high);
        }
      if (c.significant)
        {
          g_assert_true (c.p_value <= alpha);
          g_assert_true (c.pct_low > 0 || c.pct_high < 0);
          g_assert_cmpint (c.pct > 0, ==, c.pct_low > 0);
        }
      for (double t = 1; t <= 40; t *= 2)
        switch (stats_paired_decide (&c, t))
          {
          case STATS_CHANGED:
            g_assert_true (c.significant);
            g_assert_true (c.pct_low > t / 2 || c.pct_high < -t / 2);
            g_assert_true (c.pct_low <= -t || c.pct_high >= t);
            g_assert_cmpint (c.pct > 0, ==, c.pct_low > 0);
            break;
          case STATS_SAME:
            g_assert_true (c.pct_low > -t && c.pct_high < t);
            break;
          case STATS_INCONCLUSIVE:
            g_assert_false (c.have_interval && c.pct_low > -t && c.pct_high < t);
            break;
          }
      if (!round && c.have_interval)
        g_assert_cmpint (c.p_value <= alpha * (1 + 1e-12), ==,
                         c.pct_low > 0 || c.pct_high < 0);
    }
}

/* z of a two-sided level. */
static double
z_of (double level)
{
  return gsl_cdf_ugaussian_Qinv (level / 2);
}

/* Smallest p 2^(1-n); fewest pairs for alpha; the sequential plan.
 * Pocock's constants for K equally spaced looks (Jennison and Turnbull,
 * Group Sequential Methods, 2000, table 2.1): alpha 0.05: K=2 2.178, K=5
 * 2.413, K=10 2.555; alpha 0.01: K=3 2.873, K=6 3.023.  Uneven looks
 * (checked by a plain Python Monte Carlo of a Brownian motion, 2,000,000
 * paths, seed 1: the chance of crossing at 12, 16 pairs with z 2.7307 is
 * 0.00998, at 10, 20, 25 with z 2.8534 it is 0.01000, each +-0.00007).
 * --passes 4 --max-passes 4 at 0.01 cannot decide: 4 pairs give at best
 * p = 0.125. */
static void
test_paired_plan (void)
{
  stats_sequential_plan plan;

  assert_near (stats_paired_min_p (4), 0.125, 1e-15);
  assert_near (stats_paired_min_p (10), 0.001953125, 1e-15);
  g_assert_cmpuint (stats_paired_min_pairs (0.01), ==, 8);
  g_assert_cmpuint (stats_paired_min_pairs (0.05), ==, 6);
  g_assert_cmpuint (stats_paired_min_pairs (0.125), ==, 4);

  g_assert_true (stats_sequential_plan_make (0.01, 10, 30, &plan));
  g_assert_cmpuint (plan.looks, ==, 3);
  assert_near (z_of (plan.look_alpha), 2.873, 0.001);
  g_assert_cmpuint (plan.first_pairs, ==, 10);
  g_assert_true (stats_sequential_plan_make (0.01, 10, 60, &plan));
  g_assert_cmpuint (plan.looks, ==, 6);
  assert_near (z_of (plan.look_alpha), 3.023, 0.001);
  g_assert_true (stats_sequential_plan_make (0.05, 10, 20, &plan));
  assert_near (z_of (plan.look_alpha), 2.178, 0.001);
  g_assert_true (stats_sequential_plan_make (0.05, 8, 40, &plan));
  g_assert_cmpuint (plan.looks, ==, 5);
  assert_near (z_of (plan.look_alpha), 2.413, 0.001);
  g_assert_true (stats_sequential_plan_make (0.05, 8, 80, &plan));
  assert_near (z_of (plan.look_alpha), 2.555, 0.001);
  /* One look: no correction. */
  g_assert_true (stats_sequential_plan_make (0.01, 10, 10, &plan));
  assert_near (plan.look_alpha, 0.01, 1e-9);
  g_assert_true (stats_sequential_plan_make (0.01, 10, 25, &plan));
  g_assert_cmpuint (plan.looks, ==, 3);
  assert_near (z_of (plan.look_alpha), 2.8534, 0.001);

  g_assert_false (stats_sequential_plan_make (0.01, 4, 4, &plan));

  /* Looks at 4, 8, 12, 16: 4 and 8 pairs cannot reach the level of three
   * or four looks (2^-3, 2^-7 against ~0.004), so the looks are 12 and 16. */
  g_assert_true (stats_sequential_plan_make (0.01, 4, 16, &plan));
  g_assert_cmpuint (plan.looks, ==, 2);
  assert_near (z_of (plan.look_alpha), 2.7307, 0.001);
  g_assert_cmpuint (plan.first_pairs, ==, 12);
}

/* Looks at 10 pairs, then every 5 up to 60 (a bisection's confirmation at
 * --passes 10): 10 pairs cannot reach the constant level of 11 looks, but
 * their smallest p, 2^-9, is within what the 10 later looks get alone, so
 * the first look is taken at 2^-9 and the later ones share the rest.
 * Checked here by a Monte Carlo of a Brownian motion (a seeded sum of normal
 * increments looked at at 10, 15, .. 60), independent of the recursion: the
 * chance of crossing any look's bound is 0.01 within its error (200,000
 * paths: +-0.0007; the same Monte Carlo gives 0.0102 for Pocock's 6 looks
 * of table 2.1 above). */
static double
crossing_chance (const stats_sequential_plan *plan, double first_level, double level)
{
  GRand *rng = g_rand_new_with_seed (20261202);
  int paths = 200000, crossed = 0;
  double z1 = z_of (first_level), z = z_of (level);
  for (int i = 0; i < paths; i++)
    {
      double sum = 0, t = 0;
      for (guint look = 0; look < plan->looks; look++)
        {
          double dt
              = look == 0 ? (double)plan->first_pairs : (double)plan->pairs_per_look;
          double u1 = g_rand_double (rng) + 1e-300, u2 = g_rand_double (rng);
          sum += sqrt (dt) * sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);
          t += dt;
          if (fabs (sum) / sqrt (t) > (look == 0 ? z1 : z))
            {
              crossed++;
              break;
            }
        }
    }
  g_rand_free (rng);
  return (double)crossed / paths;
}

static void
test_paired_plan_from (void)
{
  stats_sequential_plan plan, plain;
  g_assert_true (stats_sequential_plan_make_from (0.01, 10, 5, 60, &plan));
  g_assert_cmpuint (plan.looks, ==, 11);
  g_assert_cmpuint (plan.first_pairs, ==, 10);
  g_assert_cmpuint (plan.pairs_per_look, ==, 5);
  assert_near (plan.first_look_alpha, stats_paired_min_p (10), 1e-6);
  g_assert_cmpfloat (plan.look_alpha, <, plan.first_look_alpha);
  g_assert_cmpfloat (plan.look_alpha, >, 0.0018);
  assert_near (stats_sequential_look_level (&plan, 10), plan.first_look_alpha, 1e-12);
  assert_near (stats_sequential_look_level (&plan, 15), plan.look_alpha, 1e-12);
  double chance = crossing_chance (&plan, plan.first_look_alpha, plan.look_alpha);
  g_test_message ("looks at 10 (level %.5f), 15 .. 60 (level %.5f): crossing %.5f",
                  plan.first_look_alpha, plan.look_alpha, chance);
  g_assert_cmpfloat (fabs (chance - 0.01), <, 0.0007);

  /* The first look of 10 pairs can decide at its level: all ten alike. */
  double a[10], b[10];
  for (int i = 0; i < 10; i++)
    a[i] = 20000, b[i] = 25000 + i;
  stats_paired c;
  g_assert_true (stats_paired_compare (a, b, 10, plan.first_look_alpha, &c));
  g_assert_true (c.significant);

  /* Looks every round from the first: the plain plan. */
  g_assert_true (stats_sequential_plan_make_from (0.01, 10, 10, 60, &plan));
  g_assert_true (stats_sequential_plan_make (0.01, 10, 60, &plain));
  g_assert_cmpuint (plan.looks, ==, plain.looks);
  assert_near (plan.look_alpha, plain.look_alpha, 1e-12);
  assert_near (plan.first_look_alpha, plain.look_alpha, 1e-12);
  assert_near (z_of (plan.look_alpha), 3.023, 0.001);
  g_assert_false (stats_sequential_plan_make_from (0.01, 4, 4, 4, &plan));
}

/* One sequential comparison of pairs with log ratio d ~ N(truth, sd),
 * looked at every 10 pairs up to 60 at `level`: the first verdict that is
 * not inconclusive (or the last look's). */
static stats_decision
sequential_verdict (GRand *rng, double truth, double sd, double level, double t)
{
  double a[60], b[60];
  stats_paired c;
  stats_decision v = STATS_INCONCLUSIVE;
  for (size_t n = 10; n <= 60; n += 10)
    {
      for (size_t i = n - 10; i < n; i++)
        {
          double u1 = g_rand_double (rng) + 1e-300, u2 = g_rand_double (rng);
          a[i] = 20000;
          b[i] = 20000 * exp (truth + sd * sqrt (-2 * log (u1)) * cos (2 * G_PI * u2));
        }
      g_assert_true (stats_paired_compare (a, b, n, level, &c));
      v = stats_paired_decide (&c, t);
      if (v != STATS_INCONCLUSIVE)
        return v;
    }
  return v;
}

/* The issue's "repeated looks at the same alpha" and "threshold on the
 * point estimate", as error rates over seeded trials (5% threshold, pairs'
 * sd 7%, looks at 10 .. 60 pairs, alpha 0.05):
 *   - a true change of exactly T/2 is called "changed" only when the
 *     interval misses it from below: at most alpha/2 = 2.5% with Pocock's
 *     level (2000 trials: at most 3.5%, the bound plus three standard
 *     errors), while the same looks at the unadjusted 0.05 do so far more
 *     often (over 4%);
 *   - a true change of exactly T is called "same" at most alpha/2 too;
 *   - a true change of 2T is found. */
static void
test_paired_sequential_errors (void)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (20261202);
  stats_sequential_plan plan;
  g_assert_true (stats_sequential_plan_make (0.05, 10, 60, &plan));
  double sd = 0.07, t = 5;
  int trials = 2000, changed = 0, naive = 0, same = 0, found = 0;
  for (int i = 0; i < trials; i++)
    {
      changed += sequential_verdict (rng, log1p (t / 200), sd, plan.look_alpha, t)
                 == STATS_CHANGED;
      naive += sequential_verdict (rng, log1p (t / 200), sd, 0.05, t) == STATS_CHANGED;
      same += sequential_verdict (rng, log1p (t / 100), sd, plan.look_alpha, t)
              == STATS_SAME;
      found += sequential_verdict (rng, log1p (2 * t / 100), sd, plan.look_alpha, t)
               == STATS_CHANGED;
    }
  g_test_message ("%d trials: T/2 changed %d (unadjusted %d), T same %d, 2T found %d",
                  trials, changed, naive, same, found);
  g_assert_cmpint (changed, <=, trials * 35 / 1000);
  g_assert_cmpint (naive, >, trials * 4 / 100);
  g_assert_cmpint (same, <=, trials * 35 / 1000);
  g_assert_cmpint (found, >=, trials * 95 / 100);
}

/* The percent interval of the paired estimator covers the true change at
 * +50% as at -50% (the old interval ignored the baseline's own
 * uncertainty: 90-92% at +50%, 99.8% at -50%): 95% intervals from 12
 * lognormal pairs, 2000 seeded trials each, cover 94% or more. */
static void
test_paired_coverage (void)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (1202);
  static const double changes[] = { 0.5, -0.5, 0 };
  for (guint k = 0; k < G_N_ELEMENTS (changes); k++)
    {
      int covered = 0, trials = 2000;
      for (int i = 0; i < trials; i++)
        {
          double a[12], b[12];
          for (int j = 0; j < 12; j++)
            {
              double u1 = g_rand_double (rng) + 1e-300, u2 = g_rand_double (rng);
              double u3 = g_rand_double (rng) + 1e-300, u4 = g_rand_double (rng);
              a[j] = 20000 * exp (0.1 * sqrt (-2 * log (u1)) * cos (2 * G_PI * u2));
              b[j] = 20000 * (1 + changes[k])
                     * exp (0.1 * sqrt (-2 * log (u3)) * cos (2 * G_PI * u4));
            }
          stats_paired c;
          g_assert_true (stats_paired_compare (a, b, 12, 0.05, &c));
          covered += c.pct_low <= 100 * changes[k] && 100 * changes[k] <= c.pct_high;
        }
      g_test_message ("change %+.0f%%: covered %d of %d", 100 * changes[k], covered,
                      trials);
      g_assert_cmpint (covered, >=, trials * 94 / 100);
    }
}

/* Bad input is refused, never analysed. */
static void
test_paired_bad_input (void)
{
  static const double ok[] = { 1000, 1010 };
  static const double zero[] = { 1000, 0 };
  static const double nan_ms[] = { 1000, NAN };
  stats_paired c;

  g_assert_false (stats_paired_compare (ok, ok, 0, 0.05, &c));
  g_assert_false (stats_paired_compare (ok, zero, 2, 0.05, &c));
  g_assert_false (stats_paired_compare (nan_ms, ok, 2, 0.05, &c));
  g_assert_false (stats_paired_compare (ok, ok, 2, 0, &c));
  g_assert_true (stats_paired_compare (ok, ok, 2, 0.05, &c));
  g_assert_cmpfloat (c.p_value, ==, 1);
  g_assert_cmpfloat (c.pct, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stats/summary/real-passes", test_summary_real_passes);
  g_test_add_func ("/stats/summary/median", test_median);
  g_test_add_func ("/stats/summary/small-samples", test_small_samples);
  g_test_add_func ("/stats/outliers", test_outliers);
  g_test_add_func ("/stats/mann-whitney/exact", test_mann_whitney_exact);
  g_test_add_func ("/stats/mann-whitney/boundary", test_mann_whitney_boundary);
  g_test_add_func ("/stats/mann-whitney/ties", test_mann_whitney_ties);
  g_test_add_func ("/stats/welch", test_welch);
  g_test_add_func ("/stats/compare/difference-interval", test_difference_interval);
  g_test_add_func ("/stats/compare/identical", test_identical_samples);
  g_test_add_func ("/stats/compare/too-small", test_compare_too_small);
  g_test_add_func ("/stats/compare/nan", test_compare_nan);
  g_test_add_func ("/stats/names", test_names);
  g_test_add_func ("/stats/paired/issue-example", test_paired_issue_example);
  g_test_add_func ("/stats/paired/ties-small", test_paired_ties_small);
  g_test_add_func ("/stats/paired/ties-and-zero", test_paired_ties_and_zero);
  g_test_add_func ("/stats/paired/properties", test_paired_properties);
  g_test_add_func ("/stats/paired/plan", test_paired_plan);
  g_test_add_func ("/stats/paired/sequential-errors", test_paired_sequential_errors);
  g_test_add_func ("/stats/paired/plan-from", test_paired_plan_from);
  g_test_add_func ("/stats/paired/coverage", test_paired_coverage);
  g_test_add_func ("/stats/paired/bad-input", test_paired_bad_input);
  return g_test_run ();
}
