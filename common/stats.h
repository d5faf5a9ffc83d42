/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stats.h: descriptive statistics and two-sample tests over per-pass samples.
 *
 * Pure functions over arrays of doubles (any unit; callers use milliseconds).
 * Distribution functions come from GSL.  No printing, no global state. */
#ifndef BOOTPERF_STATS_H
#define BOOTPERF_STATS_H

#include <stddef.h>
#include <glib.h>

/* Modified z-score threshold above which a sample is an outlier (Iglewicz and
 * Hoaglin): |0.6745 * (x - median) / MAD| > 3.5. */
#define STATS_OUTLIER_THRESHOLD 3.5

typedef struct
{
  size_t n;
  double mean;
  double sd; /* corrected sample standard deviation (n - 1); NAN if n < 2 */
  double median;
  double mad; /* median absolute deviation from the median, unscaled */
  double min, max;
  double ci95_low; /* 95% confidence interval of the mean, Student's t; NAN if n < 2 */
  double ci95_high;
  double cv; /* sd / mean; NAN if n < 2 or mean == 0 */
} sample_summary;

double stats_mean (const double *x, size_t n);
double stats_sd (const double *x, size_t n);
double stats_median (const double *x, size_t n);
double stats_mad (const double *x, size_t n);
void stats_summarise (const double *x, size_t n, sample_summary *out);

/* Indices (0-based, ascending) of the samples whose modified z-score exceeds
 * STATS_OUTLIER_THRESHOLD.  When MAD is 0 no sample is an outlier.  Returns a
 * GArray of guint; never NULL. */
GArray *stats_outliers (const double *x, size_t n);

typedef enum
{
  STATS_TEST_MANN_WHITNEY,
  STATS_TEST_WELCH,
} stats_test_kind;

typedef struct
{
  stats_test_kind kind;
  double statistic;       /* U of sample a (Mann-Whitney) or t (Welch) */
  double p_value;         /* two-sided */
  double diff_mean;       /* mean(b) - mean(a) */
  double diff_pct;        /* 100 * (mean(b) - mean(a)) / mean(a) */
  double diff_pct_ci_low; /* 95% CI of diff_pct (Welch interval on the difference /
                             mean(a)) */
  double diff_pct_ci_high;
} stats_comparison;

/* Compare sample b against baseline a.  Returns FALSE (and leaves *out
 * unspecified) if either sample has fewer than 2 values.  Mann-Whitney uses the
 * exact distribution when there are no ties and na + nb <= 40, otherwise the
 * normal approximation with tie correction and continuity correction. */
gboolean stats_compare (stats_test_kind kind, const double *a, size_t na, const double *b,
                        size_t nb, stats_comparison *out);

const char *
stats_test_name (stats_test_kind kind); /* "Mann-Whitney U", "Welch's t-test" */

/* One estimator for a comparison of interleaved samples.
 *
 * a[i] and b[i] are the i-th passes of the reference and the candidate taken
 * close together in time (the same round of an A B / B A interleaving), so a
 * host that drifts moves both.  The comparison works on the paired log
 * ratios d[i] = ln(b[i] / a[i]):
 *   - size: the Hodges-Lehmann estimate, the median of the Walsh averages
 *     (d[i] + d[j]) / 2, i <= j, given as a ratio and percent 100 (e^d - 1);
 *   - interval: the Walsh averages' order statistics that invert Wilcoxon's
 *     signed-rank test at the given alpha (distribution-free, exact);
 *   - p: the exact two-sided signed-rank p over all 2^n sign flips of the
 *     non-zero d[i], tied |d| sharing their mean rank (normal approximation
 *     with tie correction above STATS_PAIRED_EXACT_MAX_N pairs).
 * The estimate always lies inside the interval, so the printed direction and
 * size agree with it; `significant` needs both p <= alpha and an interval
 * that excludes 0. */
#define STATS_PAIRED_EXACT_MAX_N 400

typedef struct
{
  size_t n;               /* pairs */
  double alpha;           /* the level the interval and `significant` are for */
  double p_value;         /* two-sided */
  double ratio;           /* estimate of b / a */
  double pct;             /* 100 * (ratio - 1): > 0 the candidate is slower */
  gboolean have_interval; /* FALSE when n pairs cannot reach 1 - alpha */
  double pct_low;         /* 1 - alpha interval of pct; -INF / +INF without one */
  double pct_high;
  gboolean significant; /* p <= alpha and the interval excludes 0 */
} stats_paired;

/* FALSE when n == 0 or some a[i] or b[i] is not a finite positive number. */
gboolean stats_paired_compare (const double *a, const double *b, size_t n, double alpha,
                               stats_paired *out);

/* Smallest two-sided p the signed-rank test can give with n pairs: 2^(1-n). */
double stats_paired_min_p (size_t n);
/* Fewest pairs whose smallest p is at most alpha (0 < alpha < 1). */
size_t stats_paired_min_pairs (double alpha);

/* Verdict of a comparison against a threshold T percent, from the interval,
 * with an indifference zone between T/2 and T:
 *   same:         the whole interval lies strictly inside (-T, +T): any
 *                 change is smaller than T;
 *   changed:      otherwise, when the whole interval lies beyond +T/2 (or
 *                 beyond -T/2) and the comparison is significant: a change
 *                 of more than T/2 is shown, in the stated direction, and
 *                 one of T or more is not ruled out;
 *   inconclusive: neither, or no interval yet.
 * So "changed" is wrong (the true change within +-T/2) and "same" is wrong
 * (the true change T or more) each only when the interval misses the true
 * change: at most alpha / 2 for a two-sided 1 - alpha interval.  A true
 * change between T/2 and T may come out either way. */
typedef enum
{
  STATS_SAME,
  STATS_CHANGED,
  STATS_INCONCLUSIVE,
} stats_decision;

stats_decision stats_paired_decide (const stats_paired *c, double threshold_pct);

/* Where the interval lies against a point (percent): +1 wholly above it,
 * -1 wholly below, 0 when it contains the point or there is no interval. */
int stats_paired_side (const stats_paired *c, double pct);

/* Sequential looks with the error rate held across them: the comparison is
 * looked at after every `pairs_per_look` pairs up to max_pairs (the last
 * look at max_pairs).  Every look uses the same level, Pocock's: the one at
 * which, under the normal approximation to the signed-rank statistic (whose
 * increments are independent), the chance that any look's interval misses
 * the true change is alpha.  Looks before the first that can reach that
 * level (a look of n pairs reaches 2^(1-n) at best) are not taken. */
typedef struct
{
  double alpha;            /* for the whole comparison */
  guint looks;             /* looks that can decide */
  double look_alpha;       /* level of each look's interval after the first */
  double first_look_alpha; /* the first look's: look_alpha, or below it */
  size_t first_pairs;      /* pairs at the first look that can decide */
  size_t pairs_per_look;   /* pairs between looks after the first */
} stats_sequential_plan;

/* FALSE when no look up to max_pairs can decide at alpha; then
 * stats_paired_min_pairs (alpha) says what would. */
gboolean stats_sequential_plan_make (double alpha, size_t pairs_per_look,
                                     size_t max_pairs, stats_sequential_plan *plan);

/* Looks at first_pairs, then every pairs_per_look pairs up to max_pairs.
 * When the first look's pairs cannot reach the constant level but their
 * smallest p, 2^(1-n), is within what the later looks get on their own,
 * the first look is taken at that smallest p and the later looks share
 * what is left of alpha at one level (the same recursion, the first look's
 * bound fixed); otherwise as stats_sequential_plan_make from the next
 * look. */
gboolean stats_sequential_plan_make_from (double alpha, size_t first_pairs,
                                          size_t pairs_per_look, size_t max_pairs,
                                          stats_sequential_plan *plan);

/* The level of the plan's look at n pairs. */
double stats_sequential_look_level (const stats_sequential_plan *plan, size_t n);

#endif
