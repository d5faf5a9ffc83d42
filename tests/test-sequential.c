/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-sequential.c: the stopping rules and the noise guard of
 * common/sequential.c against independently computed values, and the pass
 * loop of --precision (bench_run_passes) driven by a seeded stand-in boot
 * target (tests/stand-in-target.c) with known lognormal noise: it stops as soon as the rule allows, the
 * interval it stops on covers the true mean as documented, the noise guard
 * says what it will cost, a rising load is flagged and recorded.
 *
 * Reference values: Python 3's statistics module for mean and sd; Student's
 * t quantiles by numerical integration of the t density (Simpson's rule,
 * 20000 intervals, bisection), the same script as test-stats.c's:
 *   t(0.975, 9) = 2.262157163, t(0.985, 9) = 2.573803978. */
#include <config.h>

#include <math.h>
#include <string.h>

#include <glib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "bench-report.h"
#include "bench-run.h"
#include "progress.h"
#include "sequential.h"
#include "stand-in-target.h"

#define assert_near(actual, expected, rel)                                               \
  g_assert_cmpfloat_with_epsilon ((actual), (expected), fabs ((double)(expected)) * (rel))

/* Per-pass boot times (ms) measured on the development machine (test-stats.c's). */
static const double real_ms[]
    = { 24893, 23906, 22953, 20386, 24880, 23297, 25645, 25592, 27242, 28135 };

/* mean 24692.9, sd 2218.114136 (statistics.stdev);
 * 95%: 100 * 2.262157163 * sd / sqrt(10) / mean = 6.425908928;
 * 97%: 100 * 2.573803978 * sd / sqrt(10) / mean = 7.311176354. */
static void
test_precision_measure (void)
{
  precision_state st;
  precision_measure (real_ms, G_N_ELEMENTS (real_ms), &st);
  g_assert_cmpuint (st.n, ==, 10);
  assert_near (st.mean, 24692.9, 1e-12);
  assert_near (st.cv, 0.08982801277, 1e-9);
  assert_near (st.half_width_pct, 6.425908928, 1e-8);
  assert_near (st.stop_half_width_pct, 7.311176354, 1e-8);

  /* The rule: the 97% half-width, not the 95% one, against the target. */
  g_assert_true (precision_reached (&st, 7.32, 10));
  g_assert_false (precision_reached (&st, 7.3, 10));
  g_assert_false (precision_reached (&st, 7.0, 2)); /* 95% (6.4%) is not enough */
  g_assert_false (precision_reached (&st, 50, 11)); /* fewer than the minimum */

  /* One pass: no interval, never reached. */
  precision_measure (real_ms, 1, &st);
  g_assert_true (isnan (st.half_width_pct));
  g_assert_false (precision_reached (&st, 99, 1));
  /* Constant samples: width 0, reached at the minimum. */
  static const double same[] = { 500, 500, 500 };
  precision_measure (same, 3, &st);
  g_assert_cmpfloat (st.half_width_pct, ==, 0);
  g_assert_true (precision_reached (&st, 1, 3));
}

/* The smallest n with t(0.985, n-1) * 100 cv / sqrt(n) <= target, found by
 * the reference script: cv 1% -> 4, 2% -> 8, 5% -> 33 (target 2%). */
static void
test_precision_passes_needed (void)
{
  g_assert_cmpint (precision_passes_needed (0.01, 2, 50), ==, 4);
  g_assert_cmpint (precision_passes_needed (0.02, 2, 50), ==, 8);
  g_assert_cmpint (precision_passes_needed (0.05, 2, 50), ==, 33);
  g_assert_cmpint (precision_passes_needed (0.05, 2, 32), ==, 33); /* cap + 1 */
  g_assert_cmpint (precision_passes_needed (0.15, 2, 50), ==, 51);
  g_assert_cmpint (precision_passes_needed (0, 2, 50), ==, 2);
  g_assert_cmpint (precision_passes_needed (NAN, 2, 50), ==, 0);
  g_assert_cmpint (precision_passes_needed (-0.1, 2, 50), ==, 0);
}

/* ((z + z_0.8) sd / threshold)^2 with z_0.8 = 0.8416212336 (by hand from
 * the normal table): sd 19.8%, threshold 10%, z 2.5758293035 (alpha 0.01):
 * (3.4174505 * 1.98)^2 = 45.79 -> 46; sd 2.83%, threshold 5%, z 1.96:
 * (2.8016 * 0.566)^2 = 2.51 -> 3. */
static void
test_comparison_rounds_needed (void)
{
  g_assert_cmpint (comparison_rounds_needed (19.8, 10, 2.5758293035, 100), ==, 46);
  g_assert_cmpint (comparison_rounds_needed (2.83, 5, 1.959963985, 100), ==, 3);
  g_assert_cmpint (comparison_rounds_needed (19.8, 10, 2.5758293035, 45), ==, 46);
  g_assert_cmpint (comparison_rounds_needed (0, 10, 2.0, 100), ==, 2);
  g_assert_cmpint (comparison_rounds_needed (NAN, 10, 2.0, 100), ==, 0);
}

static void
test_load_has_risen (void)
{
  /* The run's own qemu (one vCPU) takes the load from 0.1 to about 1.1. */
  g_assert_false (load_has_risen (0.1, 1.1, 1));
  g_assert_false (load_has_risen (0.1, 2.1, 1));
  g_assert_true (load_has_risen (0.1, 2.2, 1));
  g_assert_false (load_has_risen (2.0, 6.9, 4)); /* 4 vCPUs of its own */
  g_assert_true (load_has_risen (2.0, 7.1, 4));
  g_assert_false (load_has_risen (-1, 9, 1)); /* getloadavg failed */
  g_assert_false (load_has_risen (0.5, -1, 1));
}

/* A stand-in boot: lognormal times around 8000 ms with a given CV, the
 * load average of a schedule, a failure at a given pass. */
typedef struct
{
  gsl_rng *rng;
  double cv;
  double load_from; /* from this pass on, the load is load_high */
  double load_high;
  guint fail_at; /* 0: never */
  GString *notices;
  boot_target *target;
} stand_in;

static void
stand_in_pass (guint index, guint pass, boot_pass *out, gpointer data)
{
  stand_in *s = data;
  (void)index;
  double sigma = sqrt (log (1 + s->cv * s->cv));
  double ms = 8000 * exp (gsl_ran_gaussian (s->rng, sigma) - sigma * sigma / 2);
  out->result.status = pass == s->fail_at ? PASS_FAILED : PASS_OK;
  if (out->result.status != PASS_OK)
    out->result.error = g_strdup ("qemu exited before the ready marker");
  out->result.wall_ns = (int64_t)(ms * 1e6);
}

static double
stand_in_load (guint round, gpointer data)
{
  stand_in *s = data;
  return s->load_from && round >= s->load_from ? s->load_high : 0.3;
}

static void
collect_notice (const char *text, gpointer data)
{
  stand_in *s = data;
  g_string_append_printf (s->notices, "%s\n", text);
}

static void
stand_in_run (bench_run *run, stand_in *s, double cv, double pct, int min, int max)
{
  bench_run_init (run);
  s->cv = cv;
  s->notices = g_string_new (NULL);
  s->target = stand_in_target_new (stand_in_pass, 0, s);
  run->target = s->target;
  run->passes_requested = min;
  run->max_passes = max;
  run->precision_pct = pct;
  run->effective_smp = 1;
  run->host.loadavg[0] = 0.3;
  run->hooks.sample_load = stand_in_load;
  run->hooks.sample_load_data = s;
  run->hooks.notice = collect_notice;
  run->hooks.notice_data = s;
}

static void
stand_in_clear (bench_run *run, stand_in *s)
{
  bench_run_clear (run);
  g_string_free (s->notices, TRUE);
  s->notices = NULL;
  g_clear_pointer (&s->target, boot_target_free);
}

/* 400 seeded runs at CV 2%, --precision 2: every one reaches it, most
 * before 10 passes (the rule needs 8 at exactly 2%), none before the
 * minimum, and the true mean lies within 2% of the mean stopped on in at
 * least 95% of the runs (the documented claim). */
static void
test_precision_loop_quiet_host (void)
{
  stand_in s = { .rng = gsl_rng_alloc (gsl_rng_mt19937) };
  gsl_rng_set (s.rng, 20261201);
  int trials = 400, before_10 = 0, within = 0, total_passes = 0;
  for (int t = 0; t < trials; t++)
    {
      bench_run run;
      stand_in_run (&run, &s, 0.02, 2, 5, 50);
      g_autoptr (GError) err = NULL;
      g_assert_true (bench_run_passes (&run, &err));
      g_assert_no_error (err);
      g_assert_true (run.precision_reached);
      g_assert_cmpuint (run.passes->len, >=, 5);
      g_assert_cmpfloat (run.precision_half_width_pct, <=, 2);
      bench_summary sum;
      bench_summarise (&run, &sum);
      before_10 += run.passes->len < 10;
      within += fabs (sum.wall_ms.mean - 8000) <= 0.02 * sum.wall_ms.mean;
      total_passes += run.passes->len;
      /* The printed interval is the summary's, and it is the one reached. */
      assert_near (100 * (sum.wall_ms.ci95_high - sum.wall_ms.mean) / sum.wall_ms.mean,
                   run.precision_half_width_pct, 1e-9);
      bench_summary_clear (&sum);
      stand_in_clear (&run, &s);
    }
  g_test_message ("CV 2%%, --precision 2: %d of %d runs stopped before 10 passes, mean "
                  "%.1f passes; the true mean within 2%% in %d",
                  before_10, trials, (double)total_passes / trials, within);
  g_assert_cmpint (before_10, >=, trials * 3 / 4);
  g_assert_cmpint (within, >=, trials * 95 / 100);
  gsl_rng_free (s.rng);
}

/* The "--precision 2 on a quiet host stops before 10 passes when the
 * noise allows": 400 seeded runs at CV 1% (a quiet KVM host), --precision 2
 * from boot-benchmark's default minimum of 5 passes: the rule needs 4 at
 * exactly 1%, so every run stops well before 10, most at the minimum. */
static void
test_precision_loop_cv1 (void)
{
  stand_in s = { .rng = gsl_rng_alloc (gsl_rng_mt19937) };
  gsl_rng_set (s.rng, 20261203);
  int trials = 400, at_minimum = 0, total_passes = 0, most = 0;
  for (int t = 0; t < trials; t++)
    {
      bench_run run;
      stand_in_run (&run, &s, 0.01, 2, SEQUENTIAL_DEFAULT_MIN_PASSES, 50);
      g_autoptr (GError) err = NULL;
      g_assert_true (bench_run_passes (&run, &err));
      g_assert_no_error (err);
      g_assert_true (run.precision_reached);
      g_assert_cmpfloat (run.precision_half_width_pct, <=, 2);
      int n = (int)run.passes->len;
      at_minimum += n == SEQUENTIAL_DEFAULT_MIN_PASSES;
      total_passes += n;
      most = MAX (most, n);
      stand_in_clear (&run, &s);
    }
  g_test_message ("CV 1%%, --precision 2: %d of %d runs stopped at the minimum of %d "
                  "passes, mean %.2f, at most %d",
                  at_minimum, trials, SEQUENTIAL_DEFAULT_MIN_PASSES,
                  (double)total_passes / trials, most);
  g_assert_cmpint (most, <, 10);
  g_assert_cmpint (at_minimum, >=, trials * 3 / 4);
  gsl_rng_free (s.rng);
}

/* 300 seeded runs at CV 10%, --precision 5 (about 20 passes on average):
 * coverage of "within 5%" stays at 95% or more. */
static void
test_precision_loop_noisy_coverage (void)
{
  stand_in s = { .rng = gsl_rng_alloc (gsl_rng_mt19937) };
  gsl_rng_set (s.rng, 9);
  int trials = 300, within = 0;
  for (int t = 0; t < trials; t++)
    {
      bench_run run;
      stand_in_run (&run, &s, 0.10, 5, 5, 100);
      g_assert_true (bench_run_passes (&run, NULL));
      g_assert_true (run.precision_reached);
      bench_summary sum;
      bench_summarise (&run, &sum);
      within += fabs (sum.wall_ms.mean - 8000) <= 0.05 * sum.wall_ms.mean;
      bench_summary_clear (&sum);
      stand_in_clear (&run, &s);
    }
  g_test_message ("CV 10%%, --precision 5: the true mean within 5%% in %d of %d", within,
                  trials);
  g_assert_cmpint (within, >=, trials * 95 / 100);
  gsl_rng_free (s.rng);
}

/* CV 10% cannot reach 1% within 20 passes: the guard says so at the first
 * look (5 passes), the run stops at 20, not reached, and says how wide. */
static void
test_precision_not_reached (void)
{
  stand_in s = { .rng = gsl_rng_alloc (gsl_rng_mt19937) };
  gsl_rng_set (s.rng, 3);
  bench_run run;
  stand_in_run (&run, &s, 0.10, 1, 5, 20);
  g_assert_true (bench_run_passes (&run, NULL));
  g_assert_false (run.precision_reached);
  g_assert_cmpuint (run.passes->len, ==, 20);
  g_assert_cmpint (run.passes_needed, ==, 21);
  g_assert_cmpfloat (run.precision_half_width_pct, >, 1);
  g_test_message ("%s", s.notices->str);
  g_assert_nonnull (
      strstr (s.notices->str,
              "after 5 passes: \u00b11% of the mean needs more than --max-passes 20;"));
  g_assert_true (g_str_has_prefix (s.notices->str, "CV "));
  g_assert_cmpuint (strlen (s.notices->str), ==, strcspn (s.notices->str, "\n") + 1);

  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&text, &len);
  bench_summary sum;
  bench_summarise (&run, &sum);
  bench_report_text (f, &run, &sum);
  fclose (f);
  g_assert_nonnull (
      strstr (text, "target \u00b11%: NOT reached in 20 passes (--max-passes)"));
  g_assert_nonnull (strstr (text, "passes ok: 20 of 20 run"));
  g_autofree char *json = bench_report_json (&run, &sum);
  g_assert_nonnull (strstr (json, "\"reached\" : false"));
  g_assert_nonnull (strstr (json, "\"passes_run\" : 20"));
  g_assert_nonnull (strstr (json, "\"passes_needed_estimate\" : 21"));
  free (text);
  bench_summary_clear (&sum);
  stand_in_clear (&run, &s);
  gsl_rng_free (s.rng);
}

/* When the first look already reaches the target, nothing is said and the
 * run stops there; the guard's estimate is for runs that go on. */
static void
test_precision_first_look (void)
{
  stand_in s = { .rng = gsl_rng_alloc (gsl_rng_mt19937) };
  gsl_rng_set (s.rng, 4);
  bench_run run;
  stand_in_run (&run, &s, 0.002, 2, 5, 50);
  g_assert_true (bench_run_passes (&run, NULL));
  g_assert_true (run.precision_reached);
  g_assert_cmpuint (run.passes->len, ==, 5);
  g_assert_cmpstr (s.notices->str, ==, "");
  stand_in_clear (&run, &s);

  /* CV 3%, --precision 2 needs about 14: said once, at pass 5. */
  stand_in_run (&run, &s, 0.03, 2, 5, 50);
  g_assert_true (bench_run_passes (&run, NULL));
  g_test_message ("%s", s.notices->str);
  g_assert_true (g_str_has_prefix (s.notices->str, "CV "));
  g_assert_nonnull (strstr (s.notices->str, "after 5 passes: ~"));
  g_assert_nonnull (strstr (s.notices->str, " passes to reach \u00b12% of the mean\n"));
  g_assert_cmpint (run.passes_needed, >, 5);
  g_assert_cmpint (run.passes_needed, <, 50);
  stand_in_clear (&run, &s);
  gsl_rng_free (s.rng);
}

/* The load rises at pass 4: flagged once, at pass 4, recorded per pass. */
static void
test_load_watch (void)
{
  stand_in s
      = { .rng = gsl_rng_alloc (gsl_rng_mt19937), .load_from = 4, .load_high = 3.5 };
  gsl_rng_set (s.rng, 5);
  bench_run run;
  stand_in_run (&run, &s, 0.02, 0, 6, 0);
  g_assert_true (bench_run_passes (&run, NULL));
  g_assert_cmpuint (run.passes->len, ==, 6);
  g_assert_cmpint (run.load_rose_at, ==, 4);
  g_assert_nonnull (strstr (s.notices->str, "rose from 0.30 to 3.50 by pass 4"));
  g_assert_cmpuint (strlen (s.notices->str), ==, strcspn (s.notices->str, "\n") + 1);
  bench_summary sum;
  bench_summarise (&run, &sum);
  g_autofree char *json = bench_report_json (&run, &sum);
  g_assert_nonnull (strstr (json, "\"load_rose_at_pass\" : 4"));
  g_assert_nonnull (strstr (json, "\"loadavg_1min\" : 3.5"));
  g_assert_nonnull (strstr (json, "\"precision\" : null"));
  bench_summary_clear (&sum);
  stand_in_clear (&run, &s);
  gsl_rng_free (s.rng);
}

/* A failed pass ends a --precision run at once, with what it measured. */
static void
test_precision_failure (void)
{
  stand_in s = { .rng = gsl_rng_alloc (gsl_rng_mt19937), .fail_at = 7 };
  gsl_rng_set (s.rng, 6);
  bench_run run;
  stand_in_run (&run, &s, 0.10, 1, 5, 50);
  g_autoptr (GError) err = NULL;
  g_assert_false (bench_run_passes (&run, &err));
  g_assert_error (err, PASS_ERROR, PASS_FAILED);
  g_assert_cmpstr (err->message, ==, "pass 7: qemu exited before the ready marker");
  g_assert_cmpuint (run.passes->len, ==, 7);
  g_assert_false (run.precision_reached);
  stand_in_clear (&run, &s);
  gsl_rng_free (s.rng);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  progress_init (TRUE);
  g_test_add_func ("/sequential/precision-measure", test_precision_measure);
  g_test_add_func ("/sequential/precision-passes-needed", test_precision_passes_needed);
  g_test_add_func ("/sequential/comparison-rounds-needed", test_comparison_rounds_needed);
  g_test_add_func ("/sequential/load-has-risen", test_load_has_risen);
  g_test_add_func ("/sequential/precision-loop-quiet-host",
                   test_precision_loop_quiet_host);
  g_test_add_func ("/sequential/precision-loop-cv1", test_precision_loop_cv1);
  g_test_add_func ("/sequential/precision-loop-noisy-coverage",
                   test_precision_loop_noisy_coverage);
  g_test_add_func ("/sequential/precision-not-reached", test_precision_not_reached);
  g_test_add_func ("/sequential/precision-first-look", test_precision_first_look);
  g_test_add_func ("/sequential/load-watch", test_load_watch);
  g_test_add_func ("/sequential/precision-failure", test_precision_failure);
  return g_test_run ();
}
