/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-range-samples.c: how boot-benchmark-range reads a benchmark's samples
 * (boot-benchmark JSON, "sample:" lines, the Result line) and turns two
 * samples into a three-way verdict. */

#include <config.h>

#include <math.h>
#include <string.h>

#include <glib.h>

#include "range.h"

static GArray *
new_samples (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static void
test_text_samples (void)
{
  g_autoptr (GArray) s = new_samples ();
  const char *text = "warming up\nsample: 1013.7ms\nsample:998ms\n"
                     "  sample: 5ms (indented: not a sample line)\n"
                     "sample: 1002.25 ms\r\nResult: 1004.6ms ±8.1ms\n";
  g_assert_cmpuint (range_samples_from_text (text, s), ==, 3);
  g_assert_cmpfloat (g_array_index (s, double, 0), ==, 1013.7);
  g_assert_cmpfloat (g_array_index (s, double, 1), ==, 998);
  g_assert_cmpfloat (g_array_index (s, double, 2), ==, 1002.25);
}

static void
test_result_line (void)
{
  g_autoptr (GArray) s = new_samples ();
  const char *text = "test version: libguestfs 1.48.6\n test passes: 10\n"
                     "Result: 24692.9ms ±2218.1ms\n\nStatistics:\n";
  g_assert_cmpuint (range_samples_from_text (text, s), ==, 1);
  g_assert_cmpfloat (g_array_index (s, double, 0), ==, 24692.9);
}

static void
test_no_samples (void)
{
  g_autoptr (GArray) s = new_samples ();
  g_assert_cmpuint (range_samples_from_text ("", s), ==, 0);
  g_assert_cmpuint (range_samples_from_text ("Result: fast\nsample: -3ms\n", s), ==, 0);
  g_assert_cmpuint (s->len, ==, 0);
}

static void
test_json (void)
{
  g_autoptr (GArray) s = new_samples ();
  const char *json
      = "{\"tool\":\"boot-benchmark\",\"complete\":false,\"passes\":["
        "{\"pass\":1,\"wall_ms\":24893.1,\"qemu_peak_rss_kib\":312000,\"status\":\"ok\","
        "\"error\":null},"
        "{\"pass\":2,\"wall_ms\":60000.0,\"status\":\"timeout\",\"error\":\"watchdog\"},"
        "{\"pass\":3,\"wall_ms\":23906,\"status\":\"ok\",\"error\":null},"
        "{\"pass\":4,\"wall_ms\":null,\"status\":\"failed\",\"error\":\"launch\"},"
        "{\"pass\":5,\"wall_ms\":1200.5,\"status\":\"interrupted\",\"error\":null}],"
        "\"summary\":{\"n\":2}}";
  g_autoptr (GError) error = NULL;
  g_assert_true (range_samples_from_json (json, strlen (json), s, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (s->len, ==, 2);
  g_assert_cmpfloat (g_array_index (s, double, 0), ==, 24893.1);
  g_assert_cmpfloat (g_array_index (s, double, 1), ==, 23906);
}

static void
test_json_invalid (void)
{
  g_autofree char *deep = g_strnfill (100000, '[');
  const char *bad[] = {
    "",
    "{",
    "[]",
    "{\"passes\":3}",
    "not json at all",
    deep,
    "{\"passes\":[{\"status\":\"ok\",\"wall_ms\":1000},"
    "{\"status\":\"ok\",\"wall_ms\":1e308}]}",
    "{\"passes\":[{\"status\":\"ok\",\"wall_ms\":1e-300}]}",
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GArray) s = new_samples ();
      g_autoptr (GError) error = NULL;
      g_assert_false (range_samples_from_json (bad[i], strlen (bad[i]), s, &error));
      g_assert_error (error, RANGE_ERROR, RANGE_ERROR_NO_SAMPLES);
      g_assert_cmpuint (s->len, ==, 0);
    }
}

/* Pairs of a reference around 1000 ms (+-spread, rotating) and a candidate
 * at factor times it with its own rotating wobble. */
static void
pairs (GArray *a, GArray *b, double factor, double spread, guint n)
{
  g_array_set_size (a, 0);
  g_array_set_size (b, 0);
  for (guint i = 0; i < n; i++)
    {
      double x = 1000 + spread * ((double)(i % 5) - 2.0) / 2.0;
      double y = factor * x * (1 + spread / 1000 * ((double)(i % 3) - 1.0) / 2.0);
      g_array_append_val (a, x);
      g_array_append_val (b, y);
    }
}

/* The verdict is read from the interval: same when inside +-T, changed
 * when beyond T/2 (and not the same), inconclusive otherwise. */
static void
test_verdicts (void)
{
  range_options o = { 0 };
  o.threshold_pct = 5;
  stats_paired cmp;
  g_autoptr (GArray) a = new_samples ();
  g_autoptr (GArray) b = new_samples ();

  pairs (a, b, 1.3, 20, 20);
  g_assert_cmpint (range_verdict (&o, a, b, 0.001, &cmp), ==, VERDICT_CHANGED);
  g_assert_cmpfloat (cmp.pct, >, 29);
  g_assert_cmpfloat (cmp.pct_low, >=, 5);
  g_assert_cmpint (range_verdict (&o, b, a, 0.001, &cmp), ==, VERDICT_CHANGED);
  g_assert_cmpfloat (cmp.pct, <, -22);
  pairs (a, b, 1.001, 20, 20);
  g_assert_cmpint (range_verdict (&o, a, b, 0.001, &cmp), ==, VERDICT_SAME);
  /* 3% is significant, but the interval is inside +-5%: same, not changed. */
  pairs (a, b, 1.03, 20, 20);
  g_assert_cmpint (range_verdict (&o, a, b, 0.001, &cmp), ==, VERDICT_SAME);
  g_assert_true (cmp.significant);
  /* 5.5%: the interval reaches below 5% but not below 2.5%: changed. */
  pairs (a, b, 1.055, 40, 20);
  g_assert_cmpint (range_verdict (&o, a, b, 0.001, &cmp), ==, VERDICT_CHANGED);
  g_assert_cmpfloat (cmp.pct_low, <, 5);
  g_assert_cmpfloat (cmp.pct_low, >, 2.5);
  /* 4%, noisier: significant, but the interval reaches below 2.5% and
   * above 5%: inconclusive. */
  pairs (a, b, 1.04, 60, 20);
  g_assert_cmpint (range_verdict (&o, a, b, 0.001, &cmp), ==, VERDICT_INCONCLUSIVE);
  g_assert_true (cmp.significant);
  g_assert_cmpfloat (cmp.pct_low, <, 2.5);
  g_assert_cmpfloat (cmp.pct_high, >, 5);
  /* Too few pairs for an interval at this level. */
  pairs (a, b, 1.3, 20, 4);
  g_assert_cmpint (range_verdict (&o, a, b, 0.01, &cmp), ==, VERDICT_INCONCLUSIVE);
  g_assert_false (cmp.have_interval);
  /* A 30% change is inside a 40% threshold: the same. */
  o.threshold_pct = 40;
  pairs (a, b, 1.3, 20, 20);
  g_assert_cmpint (range_verdict (&o, a, b, 0.001, &cmp), ==, VERDICT_SAME);
}

/* A run of c in round `round` against `other`, passes at ms * (1 + wobble). */
static void
add_run (range_commit *c, const range_commit *other, guint round, double ms, guint n)
{
  range_run *r = range_run_new (++c->runs, other->sha, round, 1.0, 0);
  for (guint i = 0; i < n; i++)
    {
      double v = ms * (1 + 0.02 * ((double)((i * 7 + round) % 5) - 2.0) / 2.0);
      g_array_append_val (r->samples_ms, v);
      g_array_append_val (c->samples_ms, v);
    }
  g_ptr_array_add (c->run_list, r);
}

/* Pairs come only from complete rounds of the two commits against each
 * other; a jump of both sides between rounds (the host slowed by half)
 * sets the rounds up to it aside. */
static void
test_pairs (void)
{
  range_commit *ref
      = range_commit_new ("1111111111111111111111111111111111111111", "ref", 0);
  range_commit *cand
      = range_commit_new ("2222222222222222222222222222222222222222", "c", 1);
  range_commit *other
      = range_commit_new ("3333333333333333333333333333333333333333", "o", 2);
  g_autoptr (GArray) a = new_samples ();
  g_autoptr (GArray) b = new_samples ();
  range_pairing p;

  add_run (ref, cand, 1, 1000, 10);
  add_run (cand, ref, 1, 1100, 10);
  add_run (ref, other, 1, 1000, 10); /* another comparison: not paired here */
  add_run (cand, ref, 2, 1100, 10);  /* round 2 lacks the reference's run */
  g_assert_cmpuint (range_pairs_last_round (ref, cand, FALSE), ==, 2);
  range_pairs_collect (ref, cand, FALSE, 5, a, b, &p);
  g_assert_cmpuint (a->len, ==, 10);
  g_assert_cmpuint (b->len, ==, 10);
  g_assert_cmpuint (p.rounds, ==, 1);
  g_assert_false (p.host_changed);
  g_assert_cmpfloat (g_array_index (b, double, 0) / g_array_index (a, double, 0), >,
                     1.05);

  add_run (ref, cand, 3, 1000, 10);
  add_run (cand, ref, 3, 1100, 10);
  range_pairs_collect (ref, cand, FALSE, 5, a, b, &p);
  g_assert_cmpuint (a->len, ==, 20);
  g_assert_cmpuint (p.rounds, ==, 2);
  g_assert_cmpfloat (fabs (p.ref_shift_pct), <, 1);

  /* The host slows by half from round 4 on. */
  add_run (ref, cand, 4, 1500, 10);
  add_run (cand, ref, 4, 1650, 10);
  add_run (ref, cand, 5, 1500, 10);
  add_run (cand, ref, 5, 1650, 10);
  range_pairs_collect (ref, cand, FALSE, 5, a, b, &p);
  g_assert_true (p.host_changed);
  g_assert_cmpuint (p.rounds_dropped, ==, 3);
  g_assert_cmpuint (p.rounds, ==, 1);
  g_assert_cmpuint (a->len, ==, 10);
  g_assert_cmpfloat (g_array_index (a, double, 0), >, 1400);

  range_commit_free (ref);
  range_commit_free (cand);
  range_commit_free (other);
}

/* Runs of one pass (--passes 1) say nothing about their own spread: the
 * noise is then the paired log ratios' robust sd over sqrt 2.  Here
 * d = 0.1 -0.1 0.2 -0.2 0 0.05 -0.05 0.15 -0.15 0.1: the median of the 45
 * differences |d_i - d_j| is 0.15 (Python's statistics.median), so Shamos's
 * sd is 1.0483 * 0.15 and the noise 0.157245 / sqrt 2 = 0.111189; with
 * ten-pass runs it comes from each run's own spread. */
static void
test_noise_one_pass (void)
{
  static const double d[] = { 0.1, -0.1, 0.2, -0.2, 0, 0.05, -0.05, 0.15, -0.15, 0.1 };
  range_commit *ref
      = range_commit_new ("1111111111111111111111111111111111111111", "ref", 0);
  range_commit *cand
      = range_commit_new ("2222222222222222222222222222222222222222", "c", 1);
  g_autoptr (GArray) a = new_samples ();
  g_autoptr (GArray) b = new_samples ();
  range_pairing p;

  for (guint k = 0; k < G_N_ELEMENTS (d); k++)
    {
      add_run (ref, cand, k + 1, 1000, 1);
      range_run *r = range_run_new (++cand->runs, ref->sha, k + 1, 1.0, 0);
      double v = g_array_index (
                     ((range_run *)g_ptr_array_index (ref->run_list, k))->samples_ms,
                     double, 0)
                 * exp (d[k]);
      g_array_append_val (r->samples_ms, v);
      g_array_append_val (cand->samples_ms, v);
      g_ptr_array_add (cand->run_list, r);
    }
  range_pairs_collect (ref, cand, FALSE, 5, a, b, &p);
  g_assert_cmpuint (a->len, ==, 10);
  g_assert_cmpfloat_with_epsilon (p.noise_cv, 0.111189, 1e-5);
  range_commit_free (ref);
  range_commit_free (cand);

  ref = range_commit_new ("1111111111111111111111111111111111111111", "ref", 0);
  cand = range_commit_new ("2222222222222222222222222222222222222222", "c", 1);
  add_run (ref, cand, 1, 1000, 10);
  add_run (cand, ref, 1, 1100, 10);
  range_pairs_collect (ref, cand, FALSE, 5, a, b, &p);
  g_assert_cmpfloat (p.noise_cv, >, 0.005);
  g_assert_cmpfloat (p.noise_cv, <, 0.03);
  range_commit_free (ref);
  range_commit_free (cand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/range/samples/text", test_text_samples);
  g_test_add_func ("/range/samples/result-line", test_result_line);
  g_test_add_func ("/range/samples/none", test_no_samples);
  g_test_add_func ("/range/samples/json", test_json);
  g_test_add_func ("/range/samples/json-invalid", test_json_invalid);
  g_test_add_func ("/range/verdict", test_verdicts);
  g_test_add_func ("/range/pairs", test_pairs);
  g_test_add_func ("/range/noise-one-pass", test_noise_one_pass);
  return g_test_run ();
}
