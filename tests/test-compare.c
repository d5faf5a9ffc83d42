/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-compare.c: boot-benchmark --compare on synthetic samples with known
 * effects.  The table's estimates come from the paired estimator on rounds:
 * a configuration 3 s slower than the baseline is "changed", an identical
 * one "same"; over random inputs the printed direction, size and interval
 * always agree with the verdict.  The sequential loop, driven by a seeded
 * stand-in for a boot with lognormal noise: it stops as soon as every
 * comparison is clear, each round holds every configuration once in a
 * random order, a slowdown of the host that hits every configuration never
 * makes a "changed" by itself (and the reference's drift is reported), a
 * comparison it cannot resolve is said at the first look, a plan that
 * cannot decide is refused.  Then the renderings, the phases of direct
 * boots from their marks and the configurations' parsing. */
#include <config.h>

#include <math.h>
#include <string.h>

#include <glib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <json-glib/json-glib.h>

#include "bench-report.h"
#include "compare-report.h"
#include "compare.h"
#include "progress.h"
#include "stand-in-target.h"

static compare_config *
make_config (const char *name)
{
  compare_config *c = g_new0 (compare_config, 1);
  c->name = g_strdup (name);
  c->options = g_strdup ("");
  boot_options_init (&c->boot, 1, 0);
  return c;
}

static void
init_run (compare_run *run, guint nconfigs)
{
  static const char *const names[] = { "base", "same", "slow", "fourth" };
  compare_run_init (run);
  run->host.uname = g_strdup ("Linux test");
  run->host.kernel_release = g_strdup ("6.1");
  run->host.cpu_model = g_strdup ("Test CPU");
  run->host.cores = 2;
  run->host.loadavg[0] = 0.3;
  for (guint k = 0; k < nconfigs; k++)
    g_ptr_array_add (run->configs, make_config (names[k]));
}

/* Three configurations, `rounds` rounds in order A B C: base ~7.5 s, same
 * (same distribution), slow (+3 s). */
static void
fill_run (compare_run *run, int rounds)
{
  init_run (run, 3);
  run->rounds = rounds;
  run->complete = TRUE;
  /* Noise of about 3%, different in each pass. */
  static const double noise[] = { 120, -80, 200, -150, 40, -10, 90, -220, 160, -60, 30 };
  guint order = 0;
  for (int p = 0; p < rounds; p++)
    for (guint k = 0; k < 3; k++)
      {
        double ms = 7500 + noise[(p * 3 + k) % G_N_ELEMENTS (noise)] + (k == 2 ? 3000 : 0);
        compare_sample s = { .order = ++order, .config = k, .pass = (guint)p + 1,
                             .round = (guint)p + 1, .loadavg_1min = 0.5 };
        s.result.status = PASS_OK;
        s.result.wall_ns = (int64_t)(ms * 1e6);
        s.result.qemu_peak_rss_kib = 200000 + k;
        s.has_marks = TRUE;
        s.marks = (boot_marks){ { 0, 200000000, 260000000, (int64_t)((ms - 20) * 1e6),
                                  s.result.wall_ns } };
        g_array_append_val (run->samples, s);
      }
}

/* 8 rounds, threshold 10%, alpha 0.05 over two comparisons (each interval
 * at 97.5%): slow is changed by +40% with an interval beyond +10%, same is
 * same. */
static void
test_verdicts (void)
{
  compare_run run;
  fill_run (&run, 8);
  run.threshold_pct = 10;
  GArray *rows = compare_rows (&run);
  g_assert_cmpuint (rows->len, ==, 3);
  const compare_row *base = &g_array_index (rows, compare_row, 0);
  const compare_row *same = &g_array_index (rows, compare_row, 1);
  const compare_row *slow = &g_array_index (rows, compare_row, 2);
  g_assert_false (base->compared);
  g_assert_true (same->compared && slow->compared);
  g_assert_cmpuint (slow->cmp.n, ==, 8);
  g_assert_cmpfloat_with_epsilon (slow->cmp.alpha, 0.025, 1e-12);
  g_assert_cmpint (slow->decision, ==, STATS_CHANGED);
  g_assert_cmpfloat (slow->cmp.pct, >, 35);
  g_assert_cmpfloat (slow->cmp.pct, <, 45);
  g_assert_cmpfloat (slow->cmp.pct_low, >=, 10);
  g_assert_cmpint (same->decision, ==, STATS_SAME);
  g_assert_cmpfloat (same->cmp.pct_low, >, -10);
  g_assert_cmpfloat (same->cmp.pct_high, <, 10);
  g_assert_cmpuint (slow->wall_ms.n, ==, 8);
  compare_rows_free (rows);

  /* Three rounds: no interval at 97.5% (the signed-rank test needs 7 pairs). */
  compare_run_clear (&run);
  fill_run (&run, 3);
  rows = compare_rows (&run);
  slow = &g_array_index (rows, compare_row, 2);
  g_assert_true (slow->compared);
  g_assert_false (slow->cmp.have_interval);
  g_assert_cmpint (slow->decision, ==, STATS_INCONCLUSIVE);
  compare_rows_free (rows);
  compare_run_clear (&run);
}

/* The table's verdict text for one row, from the real renderer. */
static char *
row_text (const compare_run *run, const GArray *rows, const char *name)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&text, &len);
  compare_report_text (f, run, rows);
  fclose (f);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  free (text);
  g_autofree char *prefix = g_strdup_printf ("%-16s ", name);
  for (char **l = lines; *l; l++)
    if (g_str_has_prefix (*l, prefix))
      return g_strdup (*l);
  return NULL;
}

/* Over 300 random two-configuration runs (seeded; 6 to 20 rounds; CV 1% to
 * 20%; effects from -40% to +40%), what the table prints agrees with the
 * estimate: "changed" only with an interval that excludes 0, lies beyond
 * half the threshold on the side of the estimate and is not inside the
 * threshold, "slower" for a positive estimate and "faster" for a negative
 * one, the printed percentage the estimate's, "same" only with the interval
 * inside the threshold. */
static void
test_verdict_agreement (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 1201);
  int changed = 0, same = 0;
  for (int t = 0; t < 300; t++)
    {
      compare_run run;
      init_run (&run, 2);
      int rounds = 6 + (int)gsl_rng_uniform_int (rng, 15);
      double cv = 0.01 + 0.19 * gsl_rng_uniform (rng);
      double effect = -0.4 + 0.8 * gsl_rng_uniform (rng);
      run.threshold_pct = 5;
      run.rounds = rounds;
      for (int r = 1; r <= rounds; r++)
        for (guint k = 0; k < 2; k++)
          {
            double ms = 8000 * (k ? 1 + effect : 1) * exp (gsl_ran_gaussian (rng, cv));
            compare_sample s = { .config = k, .round = (guint)r, .pass = (guint)r };
            s.result.status = PASS_OK;
            s.result.wall_ns = (int64_t)(ms * 1e6);
            s.result.qemu_peak_rss_kib = -1;
            g_array_append_val (run.samples, s);
          }
      GArray *rows = compare_rows (&run);
      const compare_row *r = &g_array_index (rows, compare_row, 1);
      g_autofree char *line = row_text (&run, rows, "same");
      g_assert_nonnull (line);
      g_autofree char *pct = g_strdup_printf ("%+.1f%% ", r->cmp.pct);
      g_assert_nonnull (strstr (line, pct));
      if (r->decision == STATS_CHANGED)
        {
          changed++;
          g_assert_true (r->cmp.have_interval);
          g_assert_true (r->cmp.pct_low > 0 || r->cmp.pct_high < 0);
          g_assert_true (r->cmp.pct >= r->cmp.pct_low && r->cmp.pct <= r->cmp.pct_high);
          g_assert_true (r->cmp.pct_low <= -5 || r->cmp.pct_high >= 5);
          if (r->cmp.pct > 0)
            g_assert_true (r->cmp.pct_low > 2.5 && strstr (line, "slower by"));
          else
            g_assert_true (r->cmp.pct_high < -2.5 && strstr (line, "faster by"));
        }
      else
        g_assert_null (strstr (line, "changed"));
      if (r->decision == STATS_SAME)
        {
          same++;
          g_assert_true (r->cmp.pct_low > -5 && r->cmp.pct_high < 5);
          g_assert_nonnull (strstr (line, "same (within"));
        }
      compare_rows_free (rows);
      compare_run_clear (&run);
    }
  g_test_message ("300 random runs: %d changed, %d same", changed, same);
  g_assert_cmpint (changed, >, 50);
  g_assert_cmpint (same, >, 5);
  gsl_rng_free (rng);
}

/* A stand-in for boots: configuration k takes 8000 ms * factor[k], with
 * lognormal noise, slowed by `slowdown` from sample `slow_from` on (a host
 * whose load rose: every configuration alike), failing at sample fail_at. */
typedef struct {
  gsl_rng *rng;
  double cv;
  double factor[4];
  guint slow_from;       /* 0: never */
  double slowdown;
  guint fail_at;         /* 0: never */
  guint calls;
  GString *notices;
  const char *names[4];  /* the configurations' */
} stand_in;

static void
stand_in_pass (guint config, guint call, boot_pass *out, gpointer data)
{
  stand_in *st = data;
  (void)call; /* of this configuration: the stand-in counts every pass */
  st->calls++;
  double sigma = sqrt (log (1 + st->cv * st->cv));
  double ms = 8000 * st->factor[config] * exp (gsl_ran_gaussian (st->rng, sigma));
  if (st->slow_from && st->calls >= st->slow_from)
    ms *= 1 + st->slowdown;
  out->result.wall_ns = (int64_t)(ms * 1e6);
  out->result.status = st->calls == st->fail_at ? PASS_FAILED : PASS_OK;
  if (out->result.status != PASS_OK)
    out->result.error = g_strdup_printf ("%s would not boot", st->names[config]);
}

/* The host's load after a pass: high once the slowdown began. */
static double
stand_in_load (guint round, gpointer data)
{
  stand_in *st = data;
  (void)round;
  return st->slow_from && st->calls >= st->slow_from ? 3.9 : 0.4;
}

static void
collect_notice (const char *text, gpointer data)
{
  g_string_append_printf (((stand_in *)data)->notices, "%s\n", text);
}

static void
stand_in_run (compare_run *run, stand_in *st, guint nconfigs, guint32 seed)
{
  init_run (run, nconfigs);
  st->calls = 0;
  if (!st->notices)
    st->notices = g_string_new (NULL);
  g_string_truncate (st->notices, 0);
  run->seed = seed;
  for (guint k = 0; k < nconfigs; k++)
    {
      compare_config *c = g_ptr_array_index (run->configs, k);
      c->target = stand_in_target_new (stand_in_pass, k, st);
      st->names[k] = c->name;
    }
  run->hooks.sample_load = stand_in_load;
  run->hooks.sample_load_data = st;
  run->hooks.notice = collect_notice;
  run->hooks.notice_data = st;
}

/* CV 2%, threshold 5%: +20% is changed and identical is same; the run
 * stops at a look (a multiple of 5 rounds) well before 50. */
static void
test_loop_stops_when_clear (void)
{
  stand_in st = { .rng = gsl_rng_alloc (gsl_rng_mt19937), .cv = 0.02,
                  .factor = { 1, 1, 1.2 } };
  gsl_rng_set (st.rng, 11);
  compare_run run;
  stand_in_run (&run, &st, 3, 42);
  g_autoptr (GError) err = NULL;
  g_assert_true (compare_run_plan (&run, &err));
  g_assert_true (compare_run_passes (&run, NULL));
  g_assert_true (run.complete);
  g_assert_true (run.decided);
  g_test_message ("decided after %d rounds, %d looks", run.rounds, run.looks);
  g_assert_cmpint (run.rounds % 5, ==, 0);
  g_assert_cmpint (run.rounds, <, 50);
  g_assert_cmpint (run.rounds, >=, (int)run.plan.first_pairs);
  g_assert_cmpuint (run.samples->len, ==, 3u * (guint)run.rounds);
  GArray *rows = compare_rows (&run);
  g_assert_cmpint (g_array_index (rows, compare_row, 1).decision, ==, STATS_SAME);
  g_assert_cmpint (g_array_index (rows, compare_row, 2).decision, ==, STATS_CHANGED);
  g_assert_cmpfloat (g_array_index (rows, compare_row, 2).cmp.pct, >, 15);
  compare_rows_free (rows);

  /* Every round holds each configuration once; the orders vary. */
  gboolean varied = FALSE;
  for (int r = 0; r < run.rounds; r++)
    {
      guint seen = 0;
      for (guint i = 0; i < 3; i++)
        {
          const compare_sample *s = &g_array_index (run.samples, compare_sample, r * 3 + i);
          g_assert_cmpuint (s->round, ==, (guint)r + 1);
          g_assert_cmpuint (s->order, ==, (guint)r * 3 + i + 1);
          seen |= 1u << s->config;
          if (i == 0 && s->config != 0)
            varied = TRUE;
        }
      g_assert_cmpuint (seen, ==, 7);
    }
  g_assert_true (varied);
  compare_run_clear (&run);
  g_string_free (st.notices, TRUE);
  gsl_rng_free (st.rng);
}

/* The same seed gives the same orders. */
static void
test_loop_order_seeded (void)
{
  guint first[2][30];
  for (int t = 0; t < 2; t++)
    {
      stand_in st = { .rng = gsl_rng_alloc (gsl_rng_mt19937), .cv = 0.3,
                      .factor = { 1, 1, 1 } };
      compare_run run;
      stand_in_run (&run, &st, 3, 7);
      run.max_passes = 10;
      g_autoptr (GError) err = NULL;
      g_assert_true (compare_run_plan (&run, &err));
      g_assert_true (compare_run_passes (&run, NULL));
      g_assert_cmpuint (run.samples->len, ==, 30);
      for (guint i = 0; i < 30; i++)
        first[t][i] = g_array_index (run.samples, compare_sample, i).config;
      compare_run_clear (&run);
      g_string_free (st.notices, TRUE);
      gsl_rng_free (st.rng);
    }
  g_assert_cmpmem (first[0], sizeof first[0], first[1], sizeof first[1]);
}

/* 100 seeded runs of two identical configurations, CV 5%, threshold 5%,
 * on a host that slows every pass by 50% from a random point on (its load
 * doubled): no run ends "changed"; the load rise is flagged; when the
 * slowdown falls mid-run the reference's own drift is reported. */
static void
test_loop_host_slowdown (void)
{
  stand_in st = { .rng = gsl_rng_alloc (gsl_rng_mt19937), .cv = 0.05,
                  .factor = { 1, 1 }, .slowdown = 0.5 };
  gsl_rng_set (st.rng, 2026);
  int changed = 0, flagged = 0, drift_seen = 0, total_rounds = 0;
  for (int t = 0; t < 100; t++)
    {
      compare_run run;
      st.slow_from = 1 + (guint)gsl_rng_uniform_int (st.rng, 60);
      stand_in_run (&run, &st, 2, (guint32)t);
      run.max_passes = 30;
      g_autoptr (GError) err = NULL;
      g_assert_true (compare_run_plan (&run, &err));
      g_assert_true (compare_run_passes (&run, NULL));
      GArray *rows = compare_rows (&run);
      changed += g_array_index (rows, compare_row, 1).decision == STATS_CHANGED;
      compare_rows_free (rows);
      flagged += run.load_rose_at > 0;
      total_rounds += run.rounds;
      compare_drift drift;
      compare_reference_drift (&run, &drift);
      if (st.slow_from > 10 && st.slow_from < (guint)run.rounds)
        drift_seen += drift.measured && drift.p_value < 0.01 && drift.pct > 20;
      if (run.load_rose_at)
        g_assert_cmpuint (run.load_rose_at, ==, st.slow_from);
      compare_run_clear (&run);
    }
  g_test_message ("host slowdown: %d changed, %d flagged, %d drifts reported, mean %.1f "
                  "rounds",
                  changed, flagged, drift_seen, total_rounds / 100.0);
  g_assert_cmpint (changed, ==, 0);
  g_assert_cmpint (flagged, >, 50);
  g_assert_cmpint (drift_seen, >, 0);
  g_string_free (st.notices, TRUE);
  gsl_rng_free (st.rng);
}

/* CV 10% cannot resolve 2% within 10 rounds: said at the first look, the
 * run ends undecided at 10. */
static void
test_loop_unresolvable (void)
{
  stand_in st = { .rng = gsl_rng_alloc (gsl_rng_mt19937), .cv = 0.10,
                  .factor = { 1, 1.01 } };
  gsl_rng_set (st.rng, 5);
  compare_run run;
  stand_in_run (&run, &st, 2, 1);
  run.threshold_pct = 2;
  run.max_passes = 10;
  g_autoptr (GError) err = NULL;
  g_assert_true (compare_run_plan (&run, &err));
  g_assert_true (compare_run_passes (&run, NULL));
  g_assert_false (run.decided);
  g_assert_cmpint (run.rounds, ==, 10);
  g_test_message ("%s", st.notices->str);
  g_assert_true (g_str_has_prefix (st.notices->str, "'same' against 'base': CV "));
  g_assert_nonnull (strstr (st.notices->str, "after 5 rounds: more than --max-passes 10"));
  g_assert_cmpuint (strlen (st.notices->str), ==, strcspn (st.notices->str, "\n") + 1);
  compare_run_clear (&run);
  g_string_free (st.notices, TRUE);
  gsl_rng_free (st.rng);
}

/* A plan that no look can decide is refused with what would work. */
static void
test_plan_refused (void)
{
  compare_run run;
  init_run (&run, 3);
  run.max_passes = 5;
  g_autoptr (GError) err = NULL;
  g_assert_false (compare_run_plan (&run, &err));
  /* 0.025 per comparison: 2^(1-n) <= 0.025 from n = 7. */
  g_assert_nonnull (strstr (err->message, "use --max-passes 7 or more"));
  g_assert_null (strchr (err->message, '\n'));
  g_clear_error (&err);
  run.max_passes = 7;
  g_assert_true (compare_run_plan (&run, &err));
  g_assert_cmpuint (run.plan.first_pairs, ==, 7);
  compare_run_clear (&run);
}

/* A failed pass ends the run with what it measured; its round is not paired. */
static void
test_loop_failure (void)
{
  stand_in st = { .rng = gsl_rng_alloc (gsl_rng_mt19937), .cv = 0.1,
                  .factor = { 1, 1 }, .fail_at = 8 };
  compare_run run;
  stand_in_run (&run, &st, 2, 3);
  g_autoptr (GError) err = NULL;
  g_assert_true (compare_run_plan (&run, &err));
  g_autoptr (GError) failure = NULL;
  g_assert_false (compare_run_passes (&run, &failure));
  g_assert_error (failure, PASS_ERROR, PASS_FAILED);
  g_assert_nonnull (strstr (failure->message, "pass 4: "));
  g_assert_nonnull (strstr (failure->message, "would not boot"));
  g_assert_false (run.complete);
  g_assert_cmpint (run.rounds, ==, 3);
  g_assert_cmpuint (run.samples->len, ==, 8);
  GArray *rows = compare_rows (&run);
  g_assert_cmpuint (g_array_index (rows, compare_row, 1).cmp.n, ==, 3);
  compare_rows_free (rows);
  compare_run_clear (&run);
  g_string_free (st.notices, TRUE);
  gsl_rng_free (st.rng);
}

static void
test_renderings (void)
{
  compare_run run;
  fill_run (&run, 8);
  run.threshold_pct = 10;
  run.decided = TRUE;
  GArray *rows = compare_rows (&run);

  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&text, &len);
  compare_report_text (f, &run, rows);
  fclose (f);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "(baseline)"));
  g_assert_nonnull (strstr (text, "stopped: every comparison is clear after 8 rounds"));
  g_assert_nonnull (strstr (text, "paired by round"));
  g_assert_nonnull (strstr (text, "difference (97.5% CI)"));
  g_assert_nonnull (strstr (text, "\u2248 same (within \u00b110%)"));
  g_assert_nonnull (strstr (text, ": changed"));
  g_assert_nonnull (strstr (text, "\u2193 slower by "));
  g_assert_nonnull (strstr (text, "Hodges-Lehmann"));
  g_assert_nonnull (strstr (text, "qemu exec \u2192 firmware output"));
  free (text);

  g_autofree char *json = compare_report_json (&run, rows);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "mode"), ==, "compare");
  g_assert_cmpint (json_object_get_int_member (root, "schema"), ==, 2);
  JsonObject *seq = json_object_get_object_member (root, "sequential");
  g_assert_cmpint (json_object_get_int_member (seq, "rounds"), ==, 8);
  g_assert_true (json_object_get_boolean_member (seq, "decided"));
  JsonArray *samples = json_object_get_array_member (root, "samples");
  g_assert_cmpuint (json_array_get_length (samples), ==, 24);
  JsonObject *s0 = json_array_get_object_element (samples, 0);
  g_assert_cmpstr (json_object_get_string_member (s0, "config"), ==, "base");
  g_assert_cmpint (json_object_get_int_member (s0, "round"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (s0, "loadavg_1min"), ==, 0.5);
  JsonObject *marks = json_object_get_object_member (s0, "marks");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (marks, "firmware_ms"), 200.0,
                                  1e-9);
  JsonArray *configs = json_object_get_array_member (root, "configs");
  JsonObject *cmp
      = json_object_get_object_member (json_array_get_object_element (configs, 2), "comparison");
  /* Each configuration's summaries: units in the member names. */
  JsonObject *slow = json_array_get_object_element (configs, 2);
  JsonObject *wall = json_object_get_object_member (slow, "wall");
  g_assert_cmpint (json_object_get_int_member (wall, "n"), ==, 8);
  g_assert_cmpfloat (json_object_get_double_member (wall, "mean_ms"), ==,
                     g_array_index (rows, compare_row, 2).wall_ms.mean);
  g_assert_true (
      json_object_has_member (json_object_get_object_member (slow, "rss"), "median_kib"));
  g_assert_cmpstr (json_object_get_string_member (cmp, "against"), ==, "base");
  g_assert_cmpstr (json_object_get_string_member (cmp, "verdict"), ==, "changed");
  g_assert_cmpint (json_object_get_int_member (cmp, "pairs"), ==, 8);
  g_assert_cmpfloat (json_object_get_double_member (cmp, "pct_low"), >=, 10);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (cmp, "interval_level"), 0.975,
                                  1e-12);
  g_assert_true (
      json_object_get_null_member (json_array_get_object_element (configs, 0), "comparison"));

  g_autofree char *csv = compare_report_csv (&run);
  g_auto (GStrv) lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 26); /* header, 24 rows, "" */
  g_assert_cmpstr (lines[0], ==,
                   "order,config,pass,wall_ms,qemu_peak_rss_kib,status,error,firmware_ms,"
                   "kernel_ms,ready_ms,exit_ms,round,loadavg_1min");
  g_assert_true (g_str_has_prefix (lines[3], "3,slow,1,"));
  g_assert_true (g_str_has_suffix (lines[3], ",1,0.50"));
  compare_rows_free (rows);
  compare_run_clear (&run);
}

static void
test_phases (void)
{
  /* Pass 1 has every mark; pass 2 has no firmware output (qboot): its
   * first phase runs from exec to the kernel. */
  boot_marks m[2] = { { { 0, 100000000, 150000000, 1150000000, 1200000000 } },
                      { { 0, -1, 120000000, 1120000000, 1180000000 } } };
  g_autoptr (GArray) ph = bench_phases_summarise (m, 2);
  g_assert_cmpuint (ph->len, ==, 6);
  const bench_phase *p0 = &g_array_index (ph, bench_phase, 0);
  g_assert_cmpint (p0->from, ==, BOOT_MARK_EXEC);
  g_assert_cmpint (p0->to, ==, BOOT_MARK_FIRMWARE);
  g_assert_cmpfloat_with_epsilon (p0->ms.mean, 100.0, 1e-9);
  gboolean saw_boot = FALSE;
  for (guint i = 0; i < ph->len; i++)
    {
      const bench_phase *p = &g_array_index (ph, bench_phase, i);
      if (p->from == BOOT_MARK_EXEC && p->to == BOOT_MARK_READY)
        {
          saw_boot = TRUE;
          g_assert_cmpuint (p->ms.n, ==, 2);
          g_assert_cmpfloat_with_epsilon (p->ms.mean, 1135.0, 1e-9);
        }
      if (p->from == BOOT_MARK_EXEC && p->to == BOOT_MARK_KERNEL)
        g_assert_cmpfloat_with_epsilon (p->ms.mean, 120.0, 1e-9);
    }
  g_assert_true (saw_boot);
}

static void
test_config_parse (void)
{
  boot_options base;
  boot_options_init (&base, 3, 1);
  base.append = g_strdup ("quiet");
  direct_options dbase = { 0 };
  dbase.kernel = g_strdup ("/vmlinuz");
  g_autoptr (GError) err = NULL;

  compare_config *c = compare_config_parse_arg ("four=--cpus 4 --append 'quiet tsc=reliable'",
                                                &base, &dbase, &err);
  g_assert_no_error (err);
  g_assert_cmpstr (c->name, ==, "four");
  g_assert_cmpint (c->direct_opts.cpus, ==, 4);
  g_assert_cmpstr (c->boot.append, ==, "quiet tsc=reliable");
  g_assert_cmpstr (c->direct_opts.kernel, ==, "/vmlinuz");
  g_assert_true (c->direct);
  compare_config_free (c);

  c = compare_config_parse_arg ("plain=", &base, &dbase, &err);
  g_assert_no_error (err);
  g_assert_cmpstr (c->boot.append, ==, "quiet");
  compare_config_free (c);

  g_assert_null (compare_config_parse_arg ("noequals", &base, &dbase, &err));
  g_assert_nonnull (strstr (err->message, "NAME=OPTIONS"));
  g_clear_error (&err);
  g_assert_null (compare_config_parse_arg ("x=--passes 5", &base, &dbase, &err));
  g_assert_nonnull (strstr (err->message, "whole run"));
  g_clear_error (&err);
  g_assert_null (compare_config_parse_arg ("x=--frob", &base, &dbase, &err));
  g_assert_nonnull (strstr (err->message, "configuration 'x'"));
  g_clear_error (&err);
  g_assert_null (compare_config_parse_arg ("x=--append 'unterminated", &base, &dbase, &err));
  g_clear_error (&err);

  boot_options_clear (&base);
  direct_options_clear (&dbase);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  progress_init (TRUE);
  g_test_add_func ("/compare/verdicts", test_verdicts);
  g_test_add_func ("/compare/verdict-agreement", test_verdict_agreement);
  g_test_add_func ("/compare/loop-stops-when-clear", test_loop_stops_when_clear);
  g_test_add_func ("/compare/loop-order-seeded", test_loop_order_seeded);
  g_test_add_func ("/compare/loop-host-slowdown", test_loop_host_slowdown);
  g_test_add_func ("/compare/loop-unresolvable", test_loop_unresolvable);
  g_test_add_func ("/compare/plan-refused", test_plan_refused);
  g_test_add_func ("/compare/loop-failure", test_loop_failure);
  g_test_add_func ("/compare/renderings", test_renderings);
  g_test_add_func ("/compare/phases", test_phases);
  g_test_add_func ("/compare/config-parse", test_config_parse);
  return g_test_run ();
}
