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

typedef struct {
  size_t n;
  double mean;
  double sd;        /* corrected sample standard deviation (n - 1); NAN if n < 2 */
  double median;
  double mad;       /* median absolute deviation from the median, unscaled */
  double min, max;
  double ci95_low;  /* 95% confidence interval of the mean, Student's t; NAN if n < 2 */
  double ci95_high;
  double cv;        /* sd / mean; NAN if n < 2 or mean == 0 */
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

typedef enum {
  STATS_TEST_MANN_WHITNEY,
  STATS_TEST_WELCH,
} stats_test_kind;

typedef struct {
  stats_test_kind kind;
  double statistic;        /* U of sample a (Mann-Whitney) or t (Welch) */
  double p_value;          /* two-sided */
  double diff_mean;        /* mean(b) - mean(a) */
  double diff_pct;         /* 100 * (mean(b) - mean(a)) / mean(a) */
  double diff_pct_ci_low;  /* 95% CI of diff_pct (Welch interval on the difference / mean(a)) */
  double diff_pct_ci_high;
} stats_comparison;

/* Compare sample b against baseline a.  Returns FALSE (and leaves *out
 * unspecified) if either sample has fewer than 2 values.  Mann-Whitney uses the
 * exact distribution when there are no ties and na + nb <= 40, otherwise the
 * normal approximation with tie correction and continuity correction. */
gboolean stats_compare (stats_test_kind kind, const double *a, size_t na,
                        const double *b, size_t nb, stats_comparison *out);

const char *stats_test_name (stats_test_kind kind);  /* "Mann-Whitney U", "Welch's t-test" */

#endif
