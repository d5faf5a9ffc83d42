/* SPDX-License-Identifier: GPL-2.0-or-later */
/* range-sim.c: how often boot-benchmark-range's bisection names the right
 * commit under noise, and at what cost, from thousands of seeded trials.
 *
 * It drives the real search and verdict code (librange.a: bisect.c,
 * session.c, verdict.c, common/stats.c) through a session whose backend
 * builds nothing and "measures" in-process: each pass is 20 s times a
 * lognormal factor of the cell's CV, times 1.5 for 2% of passes (outliers),
 * times 1 + change from the changed commit on, times 1.5 for every pass after
 * the host slows down (the "load doubles" trials).  A range has 64 commits;
 * the change sits at a random one of commits 1..63.  Defaults otherwise
 * (--passes 10, --max-passes 60, --alpha 0.01).
 *
 *   bench/range-sim [TRIALS [SEED [MAX-PASSES]]]
 *                       (TRIALS per cell, default 200; MAX-PASSES default 60, the tool's)
 *
 * Per cell it prints: right commit named (flagged or not), a wrong commit
 * named without warning (exit 0), a wrong one named with a warning (exit 4),
 * how the runs ended, and the mean benchmark runs and passes per bisection,
 * then where the passes went: the end comparison's rounds (taken up again
 * or not), the search steps' (reopened searches' included) and the
 * confirmations'.  In noise-only cells (change 0) "found" is a change
 * named with exit 0. */

#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "range.h"

#define COMMITS 64
#define BASE_MS 20000.0
#define OUTLIER_SHARE 0.02
#define OUTLIER_FACTOR 1.5
#define SLOWDOWN 1.5

static int max_passes = 60; /* the tool's default: 6 x --passes */

typedef struct
{
  GRand *rng;
  double sigma;        /* lognormal sd of ln(time) */
  int change_at;       /* commit index where the change starts */
  double change;       /* relative change, e.g. 0.2 */
  guint slow_from;     /* pass number from which the host is slow; G_MAXUINT never */
  guint passes_so_far; /* passes measured in this trial */
} stand_in;

static double
normal (GRand *rng)
{
  double u1 = g_rand_double (rng) + 1e-300, u2 = g_rand_double (rng);
  return sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);
}

static gboolean
sim_build (range_session *s, range_commit *c, GError **error)
{
  (void)s, (void)error;
  c->build = BUILD_OK;
  return TRUE;
}

static gboolean
sim_measure (range_session *s, range_commit *c, int passes, GError **error)
{
  stand_in *w = s->backend->data;
  (void)error;
  for (int i = 0; i < passes; i++)
    {
      double v = BASE_MS * exp (w->sigma * normal (w->rng));
      if (g_rand_double (w->rng) < OUTLIER_SHARE)
        v *= OUTLIER_FACTOR;
      if ((int)c->index >= w->change_at)
        v *= 1 + w->change;
      if (w->passes_so_far++ >= w->slow_from)
        v *= SLOWDOWN;
      g_array_append_val (c->samples_ms, v);
    }
  c->runs++;
  s->benchmark_runs++;
  return TRUE;
}

/* The load average doubles when the host slows down. */
static double
sim_load (range_session *s)
{
  stand_in *w = s->backend->data;
  return w->passes_so_far >= w->slow_from ? 2.0 : 1.0;
}

/* Where a bisection's passes go. */
typedef enum
{
  PHASE_END,     /* the baseline against the end */
  PHASE_STEPS,   /* search steps, and a reopened search's */
  PHASE_CONFIRM, /* the confirmations' fresh rounds */
  PHASES
} phase;

typedef struct
{
  double cv, threshold, change; /* change as a multiple of the threshold */
  gboolean slowdown;
} cell;

typedef struct
{
  guint trials, right, wrong_silent, wrong_flagged, found_silent, found_flagged;
  guint changed, no_change, inconclusive, noise_stops, confirmed, reopened;
  guint host_changes;
  double runs, passes;
  double phase_passes[PHASES];
} tally;

typedef struct
{
  range_outcome outcome;
  int named;
  gboolean noise_stop, confirmed, reopened, host_changed;
  guint runs, passes;
  guint phase_passes[PHASES];
} trial_result;

/* A short id of commit i: its number in hex, then zeros. */
static char *
sim_sha (guint i)
{
  return g_strdup_printf ("%07x%033x", i, 0u);
}

static GPtrArray *
make_commits (void)
{
  GPtrArray *commits = g_ptr_array_new_with_free_func ((GDestroyNotify)range_commit_free);
  for (guint i = 0; i < COMMITS; i++)
    {
      g_autofree char *sha = sim_sha (i);
      g_autofree char *subject = g_strdup_printf ("commit %u", i);
      g_ptr_array_add (commits, range_commit_new (sha, subject, i));
    }
  return commits;
}

static void
cell_options (const cell *k, range_options *o)
{
  *o = (range_options){ 0 };
  o->mode = RANGE_MODE_BISECT;
  o->passes = 10;
  o->max_passes = max_passes;
  o->threshold_pct = k->threshold;
  o->alpha = 0.01;
}

/* The comparison plans depend on the options only: made once a cell. */
static range_session plans;

static void
make_plans (const cell *k)
{
  range_options o;
  cell_options (k, &o);
  plans = (range_session){ .opts = &o };
  g_autoptr (GError) error = NULL;
  if (!range_verdict_plan (&plans, 1, &error))
    g_error ("%s", error->message);
  plans.opts = NULL;
}

static gboolean
is_end_run (const range_session *s, const range_result *r, guint i, const range_run *run)
{
  const range_commit *b = range_session_commit (s, (guint)r->baseline);
  const range_commit *e = range_session_commit (s, (guint)r->end);
  return run->against && ((int)i == r->baseline || (int)i == r->end)
         && (g_str_equal (run->against, b->sha) || g_str_equal (run->against, e->sha));
}

static void
count_phases (const range_session *s, const range_result *r, trial_result *t)
{
  for (guint i = 0; i < s->commits->len; i++)
    {
      const range_commit *c = range_session_commit (s, i);
      for (guint j = 0; j < c->run_list->len; j++)
        {
          const range_run *run = g_ptr_array_index (c->run_list, j);
          phase p = run->confirming             ? PHASE_CONFIRM
                    : is_end_run (s, r, i, run) ? PHASE_END
                                                : PHASE_STEPS;
          t->phase_passes[p] += run->samples_ms->len;
        }
    }
}

static void
run_trial (const cell *k, guint32 seed, int change_at, guint slow_from, trial_result *t)
{
  range_options o;
  cell_options (k, &o);
  stand_in w = { 0 };
  w.rng = g_rand_new_with_seed (seed);
  w.sigma = sqrt (log1p (k->cv * k->cv));
  w.change_at = change_at;
  w.change = k->change * k->threshold / 100;
  w.slow_from = slow_from;
  range_backend backend = { sim_build, sim_measure, sim_load, &w };
  range_session *s = range_session_new_detached (&o, make_commits (), &backend);
  if (g_getenv ("RANGE_SIM_VERBOSE"))
    s->out = stdout;
  g_autoptr (GError) error = NULL;
  s->comparison_alpha = plans.comparison_alpha;
  s->plan = plans.plan;
  s->step_plan = plans.step_plan;
  s->start_plan = plans.start_plan;
  s->confirm_plan = plans.confirm_plan;
  range_result r;
  range_result_init (&r);
  if (!range_bisect (s, &r, &error))
    g_error ("bisect: %s", error->message);
  range_report_verdict (s->out, s, &r);
  t->outcome = r.outcome;
  t->named = r.first_changed;
  t->noise_stop = r.noise_stop;
  t->confirmed = r.confirm_parent >= 0 && r.confirmed == VERDICT_CHANGED && !r.uncertain;
  t->reopened = r.reopened > 0;
  t->host_changed = r.host_changes > 0;
  t->runs = s->benchmark_runs;
  t->passes = s->passes_measured;
  memset (t->phase_passes, 0, sizeof t->phase_passes);
  if (r.baseline >= 0 && r.end >= 0)
    count_phases (s, &r, t);
  range_result_clear (&r);
  range_session_free (s);
  g_rand_free (w.rng);
}

static void
count (tally *y, const trial_result *t, int change_at, gboolean has_change)
{
  gboolean silent = t->outcome == RANGE_OUTCOME_CHANGED;
  y->trials++;
  y->runs += t->runs;
  y->passes += t->passes;
  for (int p = 0; p < PHASES; p++)
    y->phase_passes[p] += t->phase_passes[p];
  y->changed += t->outcome == RANGE_OUTCOME_CHANGED;
  y->no_change += t->outcome == RANGE_OUTCOME_NO_CHANGE;
  y->inconclusive += t->outcome == RANGE_OUTCOME_INCONCLUSIVE;
  y->noise_stops += t->noise_stop;
  y->confirmed += t->confirmed;
  y->reopened += t->reopened;
  y->host_changes += t->host_changed;
  if (t->named < 0 || t->noise_stop)
    return;
  if (!has_change)
    {
      y->found_silent += silent;
      y->found_flagged += !silent;
    }
  else if (t->named == change_at)
    y->right++;
  else if (silent)
    y->wrong_silent++;
  else
    y->wrong_flagged++;
}

static double
pct (guint n, guint of)
{
  return of ? 100.0 * n / of : 0;
}

static void
run_cell (const cell *k, guint trials, guint32 seed)
{
  tally y = { 0 };
  gboolean has_change = k->change > 0;
  make_plans (k);
  for (guint i = 0; i < trials; i++)
    {
      guint32 trial_seed = seed + i * 7919;
      GRand *pick = g_rand_new_with_seed (trial_seed ^ 0x5bd1e995u);
      int change_at = has_change ? g_rand_int_range (pick, 1, COMMITS) : COMMITS;
      trial_result t;
      guint slow_from = G_MAXUINT;
      if (k->slowdown)
        {
          /* Midway: at a random pass of what the same trial measures on a
           * steady host. */
          run_trial (k, trial_seed, change_at, G_MAXUINT, &t);
          slow_from = (guint)g_rand_int_range (pick, 0, (gint32)MAX (t.passes, 1u));
        }
      run_trial (k, trial_seed, change_at, slow_from, &t);
      count (&y, &t, change_at, has_change);
      g_rand_free (pick);
    }
  char label[64];
  g_snprintf (label, sizeof label, "%2.0f%%  %3.0f%%  %-4s%s", 100 * k->cv, k->threshold,
              k->change == 0   ? "0"
              : k->change == 1 ? "1x"
                               : "2x",
              k->slowdown ? " slow" : "     ");
  if (has_change)
    printf (
        "%s %4u  %5.1f%%  %5.1f%%  %5.1f%%      -      %5.1f%% %5.1f%% %5.1f%%  %5.1f "
        "%6.1f\n",
        label, y.trials, pct (y.right, y.trials), pct (y.wrong_silent, y.trials),
        pct (y.wrong_flagged, y.trials), pct (y.changed, y.trials),
        pct (y.no_change, y.trials), pct (y.inconclusive, y.trials), y.runs / y.trials,
        y.passes / y.trials);
  else
    printf ("%s %4u     -       -       -    %5.1f%%    %5.1f%% %5.1f%% %5.1f%%  %5.1f "
            "%6.1f\n",
            label, y.trials, pct (y.found_silent, y.trials), pct (y.changed, y.trials),
            pct (y.no_change, y.trials), pct (y.inconclusive, y.trials),
            y.runs / y.trials, y.passes / y.trials);
  printf ("%*s(noise stops %.1f%%, confirmed %.1f%%, reopened %.1f%%, host change seen "
          "%.1f%%, found with a warning %.1f%%)\n",
          20, "", pct (y.noise_stops, y.trials), pct (y.confirmed, y.trials),
          pct (y.reopened, y.trials), pct (y.host_changes, y.trials),
          pct (y.found_flagged, y.trials));
  printf ("%*s(passes: end comparison %.1f, steps %.1f, confirmation %.1f)\n", 20, "",
          y.phase_passes[PHASE_END] / y.trials, y.phase_passes[PHASE_STEPS] / y.trials,
          y.phase_passes[PHASE_CONFIRM] / y.trials);
  fflush (stdout);
}

/* RANGE_SIM_CELL=CV,THRESHOLD,CHANGE[,slow] (e.g. 10,10,2) runs that cell
 * only, with the seeds it has in the whole table. */
static gboolean
cell_chosen (const cell *k)
{
  const char *want = g_getenv ("RANGE_SIM_CELL");
  if (!want)
    return TRUE;
  g_autofree char *name = g_strdup_printf ("%g,%g,%g%s", 100 * k->cv, k->threshold,
                                           k->change, k->slowdown ? ",slow" : "");
  return g_str_equal (want, name);
}

int
main (int argc, char **argv)
{
  guint trials = argc > 1 ? (guint)strtoul (argv[1], NULL, 10) : 200;
  guint32 seed = argc > 2 ? (guint32)strtoul (argv[2], NULL, 10) : 20261201;
  if (argc > 3)
    max_passes = atoi (argv[3]);
  static const double cvs[] = { 0.02, 0.10, 0.15 };
  static const double thresholds[] = { 5, 10 };
  static const double changes[] = { 0, 1, 2 };
  if (trials == 0)
    {
      fprintf (stderr, "range-sim: TRIALS must be a positive number\n");
      return 2;
    }
  printf ("%u trials per cell, seed %u; 64 commits, --passes 10 --max-passes %d "
          "--alpha 0.01\n",
          trials, seed, max_passes);
  printf ("CV   thr  chg       n   right  wrong   wrong  noise:  exit 0  exit 3 exit 4   "
          "runs passes\n");
  printf ("                              silent  flagged found\n");
  guint32 cell_seed = seed;
  for (guint a = 0; a < G_N_ELEMENTS (cvs); a++)
    for (guint b = 0; b < G_N_ELEMENTS (thresholds); b++)
      for (guint c = 0; c < G_N_ELEMENTS (changes); c++)
        {
          cell k = { cvs[a], thresholds[b], changes[c], FALSE };
          cell_seed += 1000003;
          if (cell_chosen (&k))
            run_cell (&k, trials, cell_seed);
        }
  /* The host slows by half at a random moment: alone, and with a change. */
  for (guint c = 0; c < G_N_ELEMENTS (changes); c += 2)
    {
      cell k = { 0.10, 10, changes[c], TRUE };
      cell_seed += 1000003;
      if (cell_chosen (&k))
        run_cell (&k, trials, cell_seed);
    }
  return 0;
}
