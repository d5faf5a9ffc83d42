/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-range-search.c: boot-benchmark-range's bisection (bisect.c over
 * session.c and verdict.c) on a scripted stand-in benchmark: the search
 * steps' side of the midpoint, the run that opens a step's first round,
 * the confirmation, a wrong step caught and the search reopened, a
 * contradicted end comparison, a host that slowed within the end
 * comparison's round, a change at the baseline's child, a commit like
 * neither end, the noise guard, a search step's verdict from its interval,
 * the level at which the end comparison starts the search and the
 * confirmation's one-sided error rate. */

#include <config.h>

#include <math.h>
#include <string.h>

#include <glib.h>

#include "range.h"

#define COMMITS 64
#define BASE_MS 20000.0

/* A hiccup: the n-th benchmark run of the whole session (1-based) is
 * slower by `factor`, as when the host stalls for one run. */
typedef struct
{
  guint run;
  double factor;
} hiccup;

typedef struct
{
  GRand *rng;
  double sigma;  /* lognormal noise of one pass */
  int change_at; /* first changed commit; COMMITS: none */
  double change; /* e.g. 0.3 for +30% */
  int faster_at; /* a commit much faster than both ends, -1 none */
  const hiccup *hiccups;
  guint slow_from; /* the host is slower by half from this run on; 0 never */
  guint runs;      /* runs measured so far */
  gulong build_us; /* how long a first build of a commit takes */
} script;

static gboolean
script_build (range_session *s, range_commit *c, GError **error)
{
  script *w = s->backend->data;
  (void)error;
  if (c->build != BUILD_OK && w->build_us > 0)
    g_usleep (w->build_us);
  c->build = BUILD_OK;
  return TRUE;
}

static double
normal (GRand *rng)
{
  double u1 = g_rand_double (rng) + 1e-300, u2 = g_rand_double (rng);
  return sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);
}

static gboolean
script_measure (range_session *s, range_commit *c, int passes, GError **error)
{
  script *w = s->backend->data;
  (void)error;
  w->runs++;
  double factor = 1;
  for (const hiccup *h = w->hiccups; h && h->run > 0; h++)
    if (h->run == w->runs)
      factor *= h->factor;
  if (w->slow_from > 0 && w->runs >= w->slow_from)
    factor *= 1.5;
  if ((int)c->index >= w->change_at)
    factor *= 1 + w->change;
  if ((int)c->index == w->faster_at)
    factor *= 0.5;
  for (int i = 0; i < passes; i++)
    {
      double v = BASE_MS * factor * exp (w->sigma * normal (w->rng));
      g_array_append_val (c->samples_ms, v);
    }
  c->runs++;
  s->benchmark_runs++;
  return TRUE;
}

static double
script_load (range_session *s)
{
  (void)s;
  return NAN;
}

typedef struct
{
  range_options o;
  script w;
  range_backend backend;
  range_session *s;
  range_result r;
  int64_t opener_max_gap_us; /* 0: the session's default */
} bisection;

static GPtrArray *
make_commits (void)
{
  GPtrArray *commits = g_ptr_array_new_with_free_func ((GDestroyNotify)range_commit_free);
  for (guint i = 0; i < COMMITS; i++)
    {
      g_autofree char *sha = g_strdup_printf ("%07x%033x", i, 0u);
      g_autofree char *subject = g_strdup_printf ("commit %u", i);
      g_ptr_array_add (commits, range_commit_new (sha, subject, i));
    }
  return commits;
}

/* Bisect 64 commits: --passes 10 --max-passes 60 --alpha 0.01 and the
 * given threshold, noise and change. */
static void
bisect (bisection *t, double threshold, double sigma, int change_at, double change,
        const hiccup *hiccups, guint32 seed)
{
  memset (t, 0, sizeof *t);
  t->o.mode = RANGE_MODE_BISECT;
  t->o.passes = 10;
  t->o.max_passes = 60;
  t->o.threshold_pct = threshold;
  t->o.alpha = 0.01;
  t->w.rng = g_rand_new_with_seed (seed);
  t->w.sigma = sigma;
  t->w.change_at = change_at;
  t->w.change = change;
  t->w.faster_at = -1;
  t->w.hiccups = hiccups;
  t->backend = (range_backend){ script_build, script_measure, script_load, &t->w };
}

/* The bisection's session, its plans made when `plan` says so. */
static void
open_session (bisection *t, gboolean plan)
{
  t->s = range_session_new_detached (&t->o, make_commits (), &t->backend);
  if (t->opener_max_gap_us > 0)
    t->s->opener_max_gap_us = t->opener_max_gap_us;
  if (g_test_verbose ())
    t->s->out = stdout;
  g_autoptr (GError) error = NULL;
  if (plan)
    g_assert_true (range_verdict_plan (t->s, 1, &error));
  range_result_init (&t->r);
}

static void
run (bisection *t)
{
  open_session (t, TRUE);
  g_autoptr (GError) error = NULL;
  g_assert_true (range_bisect (t->s, &t->r, &error));
  g_assert_no_error (error);
  range_report_verdict (t->s->out, t->s, &t->r);
}

static void
finish (bisection *t)
{
  range_result_clear (&t->r);
  range_session_free (t->s);
  g_rand_free (t->w.rng);
}

/* Runs that opened a step's first round (range_run.partner_run). */
static guint
opened_rounds (const range_session *s)
{
  guint opened = 0;
  for (guint i = 0; i < COMMITS; i++)
    {
      const range_commit *c = range_session_commit (s, i);
      for (guint k = 0; k < c->run_list->len; k++)
        opened
            += ((const range_run *)g_ptr_array_index (c->run_list, k))->partner_run > 0;
    }
  return opened;
}

/* A clear +30% change at 2% noise: every step is clear at its first look,
 * each opened by the run of the bracket's end measured just before, so a
 * step costs one run; the named commit is confirmed against its parent in
 * fresh rounds of their own. */
static void
test_clear_change (void)
{
  bisection t;
  bisect (&t, 10, 0.02, 41, 0.3, NULL, 1);
  run (&t);
  g_assert_cmpint (t.r.outcome, ==, RANGE_OUTCOME_CHANGED);
  g_assert_cmpint (t.r.first_changed, ==, 41);
  g_assert_cmpint (t.r.confirm_parent, ==, 40);
  g_assert_cmpint (t.r.confirmed, ==, VERDICT_CHANGED);
  g_assert_cmpuint (t.r.reopened, ==, 0);
  g_assert_null (t.r.uncertain);
  /* The end comparison (2 runs), six steps of one run each, and the
   * confirmation's round (2 runs). */
  guint steps = 0;
  for (guint i = 1; i < COMMITS - 1; i++)
    {
      const range_commit *c = range_session_commit (t.s, i);
      if (!c->search_step)
        continue;
      steps++;
      g_assert_cmpuint (c->comparison.n, ==, 10);
      g_assert_cmpint (c->verdict, ==, (int)i < 41 ? VERDICT_SAME : VERDICT_CHANGED);
      /* Its interval lies on its side of the midpoint. */
      const range_commit *ref = range_session_commit (t.s, (guint)c->compared_with);
      gboolean ref_changed = ref->index >= 41;
      gboolean unlike = (c->verdict == VERDICT_CHANGED) != ref_changed;
      if (unlike == (c->step_midpoint_pct > 0))
        g_assert_cmpfloat (c->comparison.pct_low, >, c->step_midpoint_pct);
      else
        g_assert_cmpfloat (c->comparison.pct_high, <, c->step_midpoint_pct);
    }
  g_assert_cmpuint (steps, ==, 6);
  g_assert_cmpuint (t.s->benchmark_runs, ==, 2 + 6 + 2);
  /* Each step's first round was opened by its reference's latest run. */
  g_assert_cmpuint (opened_rounds (t.s), ==, 6);
  finish (&t);
}

/* The same search where each candidate's build takes longer than a pause
 * that still counts as back to back: no step reuses its reference's run
 * measured before that build; each round 1 measures both sides afresh, so
 * the search costs two runs a step and still names commit 41. */
static void
test_opener_after_long_build (void)
{
  bisection t;
  bisect (&t, 10, 0.02, 41, 0.3, NULL, 1);
  t.w.build_us = 20000;
  t.opener_max_gap_us = 10000;
  run (&t);
  g_assert_cmpint (t.r.outcome, ==, RANGE_OUTCOME_CHANGED);
  g_assert_cmpint (t.r.first_changed, ==, 41);
  g_assert_cmpuint (opened_rounds (t.s), ==, 0);
  g_assert_cmpuint (t.s->benchmark_runs, ==, 2 + 2 * 6 + 2);
  finish (&t);
}

/* One run of the second step's candidate (commit 47, changed) stalls: the
 * step calls it like the baseline, the steps after it follow that wrong
 * reference, and the confirmation finds k like its parent; the search is
 * reopened, finds which end the pair is like, and names the right commit,
 * confirmed. */
static void
test_wrong_step_reopened (void)
{
  static const hiccup stall[] = { { 4, 0.7 }, { 0, 0 } };
  bisection t;
  bisect (&t, 10, 0.02, 41, 0.3, stall, 2);
  run (&t);
  g_assert_cmpint (t.r.outcome, ==, RANGE_OUTCOME_CHANGED);
  g_assert_cmpint (t.r.first_changed, ==, 41);
  g_assert_cmpint (t.r.confirmed, ==, VERDICT_CHANGED);
  g_assert_cmpuint (t.r.reopened, >=, 1);
  g_assert_null (t.r.uncertain);
  finish (&t);
}

/* No change at all, but the host stalls in the end comparison's first
 * round (the baseline's run is fast, the end's slow): the end starts a
 * search at its steering level; the confirmation finds the pair alike, the
 * end comparison is taken up again at --alpha, sets the stalled round
 * aside and ends the search with no change found. */
static void
test_contradicted_end (void)
{
  static const hiccup stall[] = { { 2, 1.5 }, { 0, 0 } };
  bisection t;
  bisect (&t, 10, 0.02, COMMITS, 0, stall, 3);
  run (&t);
  g_assert_cmpint (t.r.outcome, ==, RANGE_OUTCOME_NO_CHANGE);
  g_assert_cmpint (t.r.first_changed, ==, -1);
  g_assert_cmpint (range_session_commit (t.s, COMMITS - 1)->verdict, ==, VERDICT_SAME);
  finish (&t);
}

/* No change, but the host slows by half for good from the end's first run
 * on: the end comparison's one round starts a search, every step finds its
 * commit like the end, and the search walks to the baseline's child.  Its
 * confirmation would be the only comparison left, and here it errs (the
 * 9th run, commit 1's, stalls once more): so the end comparison is taken
 * up again first, sets its first round aside and finds no change. */
static void
test_host_slowed_in_end_round (void)
{
  static const hiccup stall[] = { { 9, 1.2 }, { 0, 0 } };
  bisection t;
  bisect (&t, 10, 0.02, COMMITS, 0, stall, 6);
  t.w.slow_from = 2;
  run (&t);
  g_assert_cmpint (t.r.outcome, ==, RANGE_OUTCOME_NO_CHANGE);
  g_assert_cmpint (t.r.first_changed, ==, -1);
  const range_commit *end = range_session_commit (t.s, COMMITS - 1);
  g_assert_cmpint (end->verdict, ==, VERDICT_SAME);
  g_assert_true (end->pairing.host_changed);
  /* Every step had found its commit like the end. */
  g_assert_cmpint (range_session_commit (t.s, 1)->verdict, ==, VERDICT_CHANGED);
  finish (&t);
}

/* A real change at the baseline's child: the search walks to it as
 * above, the end comparison taken up again still shows the change (now
 * at --alpha, from two rounds), and commit 1 is named, confirmed. */
static void
test_change_at_baseline_child (void)
{
  bisection t;
  bisect (&t, 10, 0.02, 1, 0.3, NULL, 7);
  run (&t);
  g_assert_cmpint (t.r.outcome, ==, RANGE_OUTCOME_CHANGED);
  g_assert_cmpint (t.r.first_changed, ==, 1);
  g_assert_cmpint (t.r.confirm_parent, ==, 0);
  g_assert_cmpint (t.r.confirmed, ==, VERDICT_CHANGED);
  const range_commit *end = range_session_commit (t.s, COMMITS - 1);
  g_assert_cmpint (end->verdict, ==, VERDICT_CHANGED);
  g_assert_cmpuint (end->pairing.rounds, >=, 2);
  g_assert_cmpfloat (end->comparison.alpha, <=, t.s->plan.look_alpha * (1 + 1e-9));
  finish (&t);
}

/* A commit twice as fast as both ends sits in the middle: a step sets it
 * aside as like neither end, and the search goes on around it. */
static void
test_like_neither (void)
{
  bisection t;
  bisect (&t, 10, 0.02, 41, 0.3, NULL, 4);
  t.w.faster_at = 31;
  run (&t);
  const range_commit *odd = range_session_commit (t.s, 31);
  g_assert_true (odd->search_step);
  g_assert_true (odd->against_direction);
  g_assert_cmpint (t.r.first_changed, ==, 41);
  g_assert_cmpint (t.r.outcome, ==, RANGE_OUTCOME_CHANGED);
  finish (&t);
}

/* At 10% noise a 5% threshold needs ~80 paired passes: more than
 * --max-passes 60, so the search stops after the end comparison and says
 * so, instead of measuring the range. */
static void
test_noise_guard (void)
{
  bisection t;
  bisect (&t, 5, 0.10, COMMITS, 0, NULL, 5);
  run (&t);
  g_assert_true (t.r.noise_stop);
  g_assert_cmpint (t.r.outcome, ==, RANGE_OUTCOME_INCONCLUSIVE);
  g_assert_cmpuint (t.s->commits_benchmarked, ==, 2);
  g_assert_cmpuint (t.s->passes_needed, >, 60);
  g_assert_cmpfloat (t.s->noise_cv, >, 0.07);
  g_assert_cmpfloat (t.s->noise_cv, <, 0.13);
  finish (&t);
}

/* The end comparison starts the search at 90% where the noise lets the
 * threshold be resolved within --max-passes 60, at 95% where it does not
 * (or is unknown), and never below the comparison's own level. */
static void
test_start_level (void)
{
  bisection t;
  bisect (&t, 10, 0.02, COMMITS, 0, NULL, 8);
  t.s = range_session_new_detached (&t.o, make_commits (), &t.backend);
  g_autoptr (GError) error = NULL;
  g_assert_true (range_verdict_plan (t.s, 1, &error));
  /* At 10%: ~10 paired passes at 2% noise, ~50 at 15%, ~88 at 20%. */
  g_assert_cmpfloat (range_verdict_start_alpha (t.s, 0.02), ==, 0.10);
  g_assert_cmpfloat (range_verdict_start_alpha (t.s, 0.15), ==, 0.10);
  g_assert_cmpfloat (range_verdict_start_alpha (t.s, 0.20), ==, 0.05);
  g_assert_cmpfloat (range_verdict_start_alpha (t.s, NAN), ==, 0.05);
  /* At 5%, 10% noise needs ~80. */
  t.o.threshold_pct = 5;
  g_assert_cmpfloat (range_verdict_start_alpha (t.s, 0.10), ==, 0.05);
  /* A comparison allowed more than either keeps its own level. */
  t.o.alpha = 0.3;
  g_assert_true (range_verdict_plan (t.s, 1, &error));
  g_assert_cmpfloat (range_verdict_start_alpha (t.s, 0.10), ==, 0.3);
  g_assert_cmpfloat (range_verdict_start_alpha (t.s, 0.02), ==, 0.3);
  range_session_free (t.s);
  g_rand_free (t.w.rng);
}

/* A step's verdict from its interval against the midpoint shift/2 (here
 * shift = ln 1.2, the midpoint +9.5%; -shift/2 is -8.7%, 1.5 shift
 * +31.5%, -1.5 shift -23.9%). */
static void
test_step_verdict (void)
{
  double shift = log (1.2);
  gboolean neither;
  stats_paired c = { .n = 10, .have_interval = TRUE };

  c.pct_low = 12, c.pct_high = 25;
  g_assert_cmpint (range_step_verdict (&c, &c, shift, &neither), ==, VERDICT_CHANGED);
  g_assert_false (neither);
  c.pct_low = -3, c.pct_high = 9;
  g_assert_cmpint (range_step_verdict (&c, &c, shift, &neither), ==, VERDICT_SAME);
  c.pct_low = 5, c.pct_high = 14;
  g_assert_cmpint (range_step_verdict (&c, &c, shift, &neither), ==,
                   VERDICT_INCONCLUSIVE);
  c.pct_low = -20, c.pct_high = -10;
  g_assert_cmpint (range_step_verdict (&c, &c, shift, &neither), ==, VERDICT_CHANGED);
  g_assert_true (neither);
  /* Against the end's side (shift < 0): like the baseline lies below. */
  c.pct_low = -25, c.pct_high = -12;
  g_assert_cmpint (range_step_verdict (&c, &c, -shift, &neither), ==, VERDICT_CHANGED);
  g_assert_false (neither);
  c.pct_low = -5, c.pct_high = 3;
  g_assert_cmpint (range_step_verdict (&c, &c, -shift, &neither), ==, VERDICT_SAME);
  c.pct_low = 11, c.pct_high = 20;
  g_assert_cmpint (range_step_verdict (&c, &c, -shift, &neither), ==, VERDICT_CHANGED);
  g_assert_true (neither);
  /* Past the other end by more than half the change (beyond +31.5%). */
  c.pct_low = 35, c.pct_high = 50;
  g_assert_cmpint (range_step_verdict (&c, &c, shift, &neither), ==, VERDICT_CHANGED);
  g_assert_true (neither);
  c.pct_low = -35, c.pct_high = -30;
  g_assert_cmpint (range_step_verdict (&c, &c, -shift, &neither), ==, VERDICT_CHANGED);
  g_assert_true (neither);
  c.have_interval = FALSE;
  g_assert_cmpint (range_step_verdict (&c, &c, shift, &neither), ==,
                   VERDICT_INCONCLUSIVE);
}

/* The confirmation's question has one side (is k slower, or faster, than
 * its parent by more than T/2 in the range's direction?), so the whole
 * alpha goes to that side: its looks' intervals are two-sided at the level
 * Pocock's boundary gives 2 alpha, and their bound on that side misses over
 * all the looks with a chance of about alpha.  Checked by simulation,
 * where the truth is known: k against its parent with a true change of
 * exactly T/2 in the range's direction, the largest for which naming k is
 * an error, at alpha 0.05 (noise 10%, threshold 10%, the defaults' looks:
 * 10, 15, .. 60 pairs), over 3,000 confirmations (binomial sd 0.40%).
 * "Changed" in that direction must come about alpha of the time (at most
 * 5% + 3 sd), and more often than with the two-sided interval at 1 - alpha
 * of before, which spent alpha / 2 on that side (at least 2.5% + 3 sd):
 * with the seeds below it is 5.57%, and 2.73% with that plan.  With no
 * change at all it is far rarer (0.1%). */
static double
confirmation_rate (double change, guint trials, stats_sequential_plan *plan)
{
  guint named = 0;
  for (guint i = 0; i < trials; i++)
    {
      bisection t;
      bisect (&t, 10, 0.10, 1, change, NULL, 1000 + i);
      t.o.alpha = 0.05;
      /* The plans made once: Pocock's boundary takes a while to compute. */
      open_session (&t, plan->looks == 0);
      if (plan->looks == 0)
        *plan = t.s->confirm_plan;
      t.s->confirm_plan = *plan;
      /* As in a bisection, the end comparison looked at the noise first. */
      t.s->noise_checked = TRUE;
      range_commit *parent = range_session_commit (t.s, 0);
      range_commit *k = range_session_commit (t.s, 1);
      range_judging how = { .plan = &t.s->confirm_plan, .confirming = TRUE };
      commit_verdict v;
      stats_paired cmp;
      range_pairing pairing;
      g_autoptr (GError) error = NULL;
      g_assert_true (
          range_session_judge (t.s, parent, k, &how, &v, &cmp, &pairing, &error));
      g_assert_no_error (error);
      if (v == VERDICT_CHANGED && cmp.pct > 0)
        named++;
      if (cmp.n > plan->first_pairs)
        g_assert_cmpfloat (cmp.alpha, ==, plan->look_alpha);
      finish (&t);
    }
  return (double)named / trials;
}

static void
test_confirmation_one_sided (void)
{
  stats_sequential_plan plan = { 0 }, one_side, two_sides;
  double at_half = confirmation_rate (0.05, 3000, &plan);
  double at_zero = confirmation_rate (0, 1000, &plan);
  if (g_test_verbose ())
    g_printerr ("named at +T/2: %.2f%%, at 0: %.2f%%\n", 100 * at_half, 100 * at_zero);
  g_assert_cmpfloat (at_half, <=, 0.05 + 3 * 0.004);
  g_assert_cmpfloat (at_half, >, 0.025 + 3 * 0.004);
  g_assert_cmpfloat (at_zero, <, 0.005);
  /* --passes 10 --max-passes 60: a first look at 10 pairs, then every 5. */
  g_assert_true (stats_sequential_plan_make_from (0.10, 10, 5, 60, &one_side));
  g_assert_true (stats_sequential_plan_make_from (0.05, 10, 5, 60, &two_sides));
  g_assert_cmpfloat (fabs (plan.look_alpha - one_side.look_alpha), <, 1e-12);
  g_assert_cmpfloat (plan.look_alpha, >, 1.5 * two_sides.look_alpha);
  /* Above RANGE_ONE_SIDED_MAX_ALPHA, where a path may cross both
   * boundaries, the confirmation is the two-sided comparison at alpha. */
  bisection t;
  bisect (&t, 10, 0.10, 1, 0, NULL, 1);
  t.o.alpha = 0.3;
  open_session (&t, TRUE);
  g_assert_false (t.s->confirm_one_sided);
  g_assert_cmpfloat (t.s->confirm_plan.look_alpha, ==, t.s->plan.look_alpha);
  finish (&t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/range/search/clear-change", test_clear_change);
  g_test_add_func ("/range/search/opener-after-long-build", test_opener_after_long_build);
  g_test_add_func ("/range/search/wrong-step-reopened", test_wrong_step_reopened);
  g_test_add_func ("/range/search/contradicted-end", test_contradicted_end);
  g_test_add_func ("/range/search/host-slowed-in-end-round",
                   test_host_slowed_in_end_round);
  g_test_add_func ("/range/search/change-at-baseline-child",
                   test_change_at_baseline_child);
  g_test_add_func ("/range/search/like-neither", test_like_neither);
  g_test_add_func ("/range/search/noise-guard", test_noise_guard);
  g_test_add_func ("/range/search/step-verdict", test_step_verdict);
  g_test_add_func ("/range/search/start-level", test_start_level);
  g_test_add_func ("/range/search/confirmation-one-sided", test_confirmation_one_sided);
  return g_test_run ();
}
