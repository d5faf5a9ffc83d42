/* SPDX-License-Identifier: GPL-2.0-or-later */
/* session.c: one boot-benchmark-range run: the work directory, the
 * configuration key results are cached under, and the two steps both search
 * modes are made of: prepare a commit (cache, else build and measure) and
 * decide a commit against another (adding interleaved passes while the
 * verdict is inconclusive). */

#include <config.h>

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "progress.h"
#include "range.h"

static char *
default_workdir (const char *repo)
{
  g_autofree char *base = g_path_get_basename (repo);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, repo, -1);
  g_autofree char *name = g_strdup_printf ("%s-%.12s", base, digest);
  return g_build_filename (g_get_user_cache_dir (), "bootperf", "range", name, NULL);
}

static char *
file_digest (const char *path)
{
  g_autofree char *text = NULL;
  gsize len;
  if (!path || !g_file_get_contents (path, &text, &len, NULL))
    return g_strdup ("none");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)text, len);
}

/* Everything that changes what a measurement means, and nothing that only
 * changes how it is judged (passes, threshold, alpha, test, mode). */
static char *
config_text (const range_options *o)
{
  g_autofree char *default_build = range_build_default_cmd (o);
  g_autofree char *config_digest = file_digest (o->kernel_config);
  GString *t = g_string_new (NULL);
  g_string_append_printf (t, "kind: %s\n", range_kind_name (o->kind));
  g_string_append_printf (t, "build: %s\n", o->build_cmd ? o->build_cmd : default_build);
  if (o->kind == RANGE_KIND_CUSTOM)
    g_string_append_printf (t, "benchmark: %s\n", o->benchmark_cmd);
  else
    {
      g_string_append_printf (t, "boot-benchmark: %s\n", o->boot_benchmark);
      g_string_append_printf (t, "memsize: %d\nsmp: %d\naccel: %s\ntimeout: %d\n",
                              o->memsize_mb, o->smp, o->accel ? o->accel : "default",
                              o->timeout_s);
      g_string_append_printf (t, "append: %s\n", o->append ? o->append : "");
    }
  g_string_append_printf (t, "warmup: %d\n", o->warmup);
  if (o->kind == RANGE_KIND_QEMU)
    g_string_append_printf (t, "hv: %s\n", o->hv ? o->hv : "search");
  if (o->kind == RANGE_KIND_KERNEL)
    g_string_append_printf (t, "config: %s\n", config_digest);
  return g_string_free (t, FALSE);
}

static gboolean
make_dir (const char *path, GError **error)
{
  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      int e = errno;
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT,
                   "cannot create work directory %s: %s", path, g_strerror (e));
      return FALSE;
    }
  return TRUE;
}

/* The range's commits; in judge mode, the baseline and HEAD. */
static GPtrArray *
list_commits (const range_options *o, GError **error)
{
  if (o->mode != RANGE_MODE_JUDGE)
    return range_git_list (o->repo, o->range, error);
  const char *revs[] = { o->judge_against, "HEAD", NULL };
  GPtrArray *commits = range_git_resolve (o->repo, revs, error);
  if (commits
      && g_str_equal (((range_commit *)commits->pdata[0])->sha,
                      ((range_commit *)commits->pdata[1])->sha))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT,
                   "HEAD is the baseline %s itself: nothing to judge", o->judge_against);
      g_ptr_array_unref (commits);
      return NULL;
    }
  return commits;
}

/* The commit the build tree holds, if it is there. */
static char *
tree_head (const char *tree)
{
  g_autofree char *git = g_build_filename (tree, ".git", NULL);
  g_autofree char *out = NULL;
  const char *args[] = { "rev-parse", "--verify", "--quiet", "HEAD", NULL };
  if (!g_file_test (git, G_FILE_TEST_EXISTS) || !range_spawn_git (tree, args, &out, NULL))
    return NULL;
  return g_strstrip (g_steal_pointer (&out));
}

range_session *
range_session_new (range_options *o, GError **error)
{
  if (!range_git_check_repo (o->repo, error))
    return NULL;
  g_autoptr (GPtrArray) commits = list_commits (o, error);
  if (!commits)
    return NULL;
  if (commits->len < 2)
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT,
                   "range '%s' names only one commit: nothing to compare it with "
                   "(A^..B includes A)",
                   o->range);
      return NULL;
    }

  /* A bisection gives each comparison the whole --alpha, since it names a
   * commit only after confirming it against its parent; a sweep flags every
   * changed commit, so its comparisons share --alpha (verdict.c). */
  range_session probe = { .opts = o };
  if (!range_verdict_plan (&probe, o->mode == RANGE_MODE_SWEEP ? commits->len - 1 : 1,
                           error))
    return NULL;
  if (!o->workdir)
    o->workdir = default_workdir (o->repo);
  if (!make_dir (o->workdir, error))
    return NULL;
  int lock_fd = range_lock_workdir (o->workdir, error);
  if (lock_fd < 0)
    return NULL;
  g_autofree char *config = config_text (o);
  g_autofree char *key_full
      = g_compute_checksum_for_string (G_CHECKSUM_SHA256, config, -1);
  g_autofree char *key = g_strndup (key_full, 16);
  g_autofree char *cache_dir = g_build_filename (o->workdir, "cache", key, NULL);
  g_autofree char *tree_dir = g_build_filename (o->workdir, "tree", NULL);
  g_autofree char *artifact_dir = g_build_filename (o->workdir, "artifacts", NULL);
  g_autofree char *log_dir = g_build_filename (o->workdir, "logs", NULL);
  if (!make_dir (cache_dir, error) || !make_dir (artifact_dir, error)
      || !make_dir (log_dir, error))
    {
      close (lock_fd);
      return NULL;
    }
  g_autofree char *config_path = g_build_filename (cache_dir, "config.txt", NULL);
  g_autoptr (GError) write_error = NULL;
  if (!output_write_atomic (config_path, config, -1, &write_error))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT, "work directory %s: %s",
                   o->workdir, write_error->message);
      close (lock_fd);
      return NULL;
    }
  range_git_worktree_prune (o->repo);

  range_session *s = range_session_new_detached (o, g_steal_pointer (&commits), NULL);
  s->out = stdout;
  s->store = TRUE;
  s->comparison_alpha = probe.comparison_alpha;
  s->plan = probe.plan;
  s->step_plan = probe.step_plan;
  s->start_plan = probe.start_plan;
  s->confirm_plan = probe.confirm_plan;
  s->confirm_one_sided = probe.confirm_one_sided;
  s->config_key = g_steal_pointer (&key);
  s->config_text = g_steal_pointer (&config);
  s->cache_dir = g_steal_pointer (&cache_dir);
  s->tree_commit = tree_head (tree_dir);
  s->tree_dir = g_steal_pointer (&tree_dir);
  s->artifact_dir = g_steal_pointer (&artifact_dir);
  s->log_dir = g_steal_pointer (&log_dir);
  s->lock_fd = lock_fd;
  return s;
}

range_session *
range_session_new_detached (range_options *o, GPtrArray *commits,
                            const range_backend *backend)
{
  range_session *s = g_new0 (range_session, 1);
  s->opts = o;
  s->commits = commits;
  s->backend = backend;
  s->lock_fd = -1;
  s->load_start = NAN;
  s->noise_cv = NAN;
  s->opener_max_gap_us = RANGE_OPENER_MAX_GAP_S * G_USEC_PER_SEC;
  s->start_ns = g_get_monotonic_time () * 1000;
  s->mode_label = o->mode == RANGE_MODE_BISECT  ? "bisect"
                  : o->mode == RANGE_MODE_SWEEP ? "sweep"
                                                : "judge";
  return s;
}

void
range_session_free (range_session *s)
{
  if (!s)
    return;
  if (s->opts->remove_tree && s->tree_dir)
    range_build_remove_tree (s);
  g_ptr_array_unref (s->commits);
  g_free (s->config_key);
  g_free (s->config_text);
  g_free (s->cache_dir);
  g_free (s->tree_dir);
  g_free (s->artifact_dir);
  g_free (s->tree_commit);
  g_free (s->first_failure);
  g_free (s->log_dir);
  if (s->lock_fd >= 0)
    close (s->lock_fd);
  g_free (s);
}

static void
store (range_session *s, range_commit *c)
{
  if (!s->store)
    return;
  g_autofree char *path = range_cache_path (s, c);
  g_autoptr (GError) error = NULL;
  if (!range_cache_store (path, s->config_key, c, &error))
    {
      progress_clear ();
      g_printerr ("boot-benchmark-range: warning: %s\n", error->message);
    }
}

/* A build whose artifacts are kept (COMPLETE) is not made again, cache or
 * not: --no-cache, a lost cache file, artifacts copied from another host. */
static void
take_kept_artifacts (range_session *s, range_commit *c)
{
  if (!s->artifact_dir || !range_artifacts_complete (s, c))
    return;
  c->artifacts_ready = TRUE;
  c->build = BUILD_OK;
  c->build_exit = 0;
}

static void
load (range_session *s, range_commit *c)
{
  if (c->build != BUILD_UNKNOWN)
    return;
  if (!s->opts->use_cache)
    {
      take_kept_artifacts (s, c);
      return;
    }
  g_autofree char *path = range_cache_path (s, c);
  g_autoptr (GError) error = NULL;
  if (range_cache_load (path, s->config_key, c, &error))
    {
      /* Built before, but its artifacts are gone: built again if it is
       * measured again, its samples kept.  Failed before: skipped, unless
       * --retry-failed. */
      if (c->build == BUILD_OK)
        c->artifacts_ready = range_artifacts_complete (s, c);
      if (c->build == BUILD_FAILED && s->opts->retry_failed)
        c->build = BUILD_UNKNOWN;
      if (c->build == BUILD_FAILED)
        c->skip_reason = g_strdup_printf (
            "build failed, %s (cached: --retry-failed builds it again; log: %s)",
            c->build_reason ? c->build_reason : "reason unknown", c->build_log);
      return;
    }
  if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      progress_clear ();
      g_printerr ("boot-benchmark-range: warning: %s; measuring it again\n",
                  error->message);
    }
  take_kept_artifacts (s, c);
}

static gboolean
build (range_session *s, range_commit *c, GError **error)
{
  if (s->backend && s->backend->build)
    return s->backend->build (s, c, error);
  return range_build (s, c, error);
}

static double
read_load (range_session *s)
{
  if (s->backend && s->backend->load)
    return s->backend->load (s);
  g_autofree char *text = NULL;
  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return NAN;
  return g_ascii_strtod (text, NULL);
}

/* Warn once when the host's load rises well above where it started. */
static void
watch_load (range_session *s, double load)
{
  if (isnan (load))
    return;
  if (isnan (s->load_start))
    s->load_start = load;
  if (s->load_warned || load < s->load_start + 1 || load < 1.5 * s->load_start)
    return;
  s->load_warned = TRUE;
  if (!s->out)
    return;
  progress_clear ();
  g_printerr ("boot-benchmark-range: warning: the host's load rose from %.1f to %.1f "
              "during the run; comparisons are interleaved, so both sides share it, "
              "but the noise grows\n",
              s->load_start, load);
}

/* Where a run goes: round `round` of the comparison with `against` (NULL:
 * none), opened by against's run partner_run (0: none), a confirmation's. */
typedef struct
{
  const range_commit *against;
  guint round;
  guint partner_run;
  gboolean confirming;
} run_place;

/* One more benchmark run of c, placed as `at` says, cached at once. */
static gboolean
measure_more (range_session *s, range_commit *c, int passes, const run_place *at,
              GError **error)
{
  if (!build (s, c, error))
    return FALSE;
  if (c->build == BUILD_FAILED)
    return TRUE;
  range_report_progress (s, c, "benchmark");
  double load = read_load (s);
  gint64 start = g_get_real_time () / G_USEC_PER_SEC;
  watch_load (s, load);
  guint before = c->samples_ms->len;
  gboolean ok = s->backend && s->backend->measure
                    ? s->backend->measure (s, c, passes, error)
                    : range_measure (s, c, passes, error);
  if (!ok)
    return FALSE;
  range_run *run = range_run_new (c->runs, at->against ? at->against->sha : NULL,
                                  at->round, load, start);
  run->partner_run = at->partner_run;
  run->confirming = at->confirming;
  g_array_append_vals (run->samples_ms, &g_array_index (c->samples_ms, double, before),
                       c->samples_ms->len - before);
  g_ptr_array_add (c->run_list, run);
  s->passes_measured += c->samples_ms->len - before;
  s->last_measured = c;
  s->last_run_end_us = g_get_monotonic_time ();
  if (!c->measured)
    {
      c->measured = TRUE;
      s->commits_benchmarked++;
    }
  store (s, c);
  return TRUE;
}

gboolean
range_session_prepare (range_session *s, range_commit *c, GError **error)
{
  load (s, c);
  if (c->samples_ms->len > 0)
    s->benchmark_worked = TRUE;
  int64_t before = s->work_ns;
  if (c->build == BUILD_UNKNOWN)
    {
      if (!build (s, c, error))
        return FALSE;
      if (c->build == BUILD_FAILED)
        store (s, c);
    }
  if (s->work_ns > before)
    s->work_units++;
  if (c->build == BUILD_FAILED)
    c->verdict = VERDICT_SKIPPED;
  return TRUE;
}

/* A run of c that gave no sample: fatal while the benchmark has never
 * worked (a setup problem), else c alone is skipped, like a failed build. */
static gboolean
measure_failed (range_session *s, range_commit *c, GError *measure_error, GError **error)
{
  if (!s->benchmark_worked
      || !g_error_matches (measure_error, RANGE_ERROR, RANGE_ERROR_NO_SAMPLES))
    {
      g_propagate_error (error, measure_error);
      return FALSE;
    }
  g_free (c->skip_reason);
  c->skip_reason = g_strdup (measure_error->message);
  g_error_free (measure_error);
  c->verdict = VERDICT_SKIPPED;
  return TRUE;
}

/* One round: a run of each, the reference first in odd rounds; a round 1
 * opened by the reference's run `opener` measures only c.  FALSE on a fatal
 * error; a side whose run gave no sample comes back skipped. */
static gboolean
measure_round (range_session *s, range_commit *ref, range_commit *c, guint round,
               int passes, guint opener, gboolean confirming, GError **error)
{
  range_commit *order[2] = { ref, c };
  if (round % 2 == 0)
    order[0] = c, order[1] = ref;
  if (opener > 0)
    {
      /* c is built first: its run follows the opening one back to back
       * only when the build was quick (or none was needed). */
      GError *build_error = NULL;
      if (!build (s, c, &build_error))
        return measure_failed (s, c, build_error, error);
      if (c->build == BUILD_FAILED)
        {
          c->verdict = VERDICT_SKIPPED;
          return TRUE;
        }
      if (g_get_monotonic_time () - s->last_run_end_us > s->opener_max_gap_us)
        opener = 0;
    }
  for (int k = opener > 0 ? 1 : 0; k < 2; k++)
    {
      GError *measure_error = NULL;
      run_place at = { order[1 - k], round, opener, confirming };
      if (!measure_more (s, order[k], passes, &at, &measure_error))
        return measure_failed (s, order[k], measure_error, error);
      if (order[k]->build == BUILD_FAILED)
        {
          order[k]->verdict = VERDICT_SKIPPED;
          return TRUE;
        }
      s->benchmark_worked = TRUE;
    }
  return TRUE;
}

/* The noise guard, at the looks of the session's first comparison until
 * it is sure: how many paired passes a verdict needs at this noise and
 * threshold.  Out of reach (more than --max-passes) and still undecided,
 * the search stops; at the first look only when far out of reach (half as
 * much again), since few passes give a rough estimate of the noise. */
static void
check_noise (range_session *s, const range_pairing *p, guint looks, commit_verdict v)
{
  if (s->noise_checked || isnan (p->noise_cv))
    return;
  s->noise_cv = p->noise_cv;
  s->passes_needed = range_verdict_passes_needed (s, p->noise_cv);
  double budget = s->opts->max_passes * (looks == 1 ? 1.5 : 1.0);
  s->noise_hopeless = v == VERDICT_INCONCLUSIVE && s->passes_needed > budget;
  s->noise_checked = s->noise_hopeless || looks >= 2 || v != VERDICT_INCONCLUSIVE;
}

/* The reference's latest run, when it is the session's latest and can open
 * round 1 of a search step with c: its run number, else 0. */
static guint
opening_run (const range_session *s, const range_commit *ref, const range_commit *c,
             const range_judging *how)
{
  if (!how->step || s->last_measured != ref || ref->run_list->len == 0
      || range_pairs_last_round (ref, c, how->confirming) > 0)
    return 0;
  const range_run *last = g_ptr_array_index (ref->run_list, ref->run_list->len - 1);
  return last->samples_ms->len > 0 ? last->run : 0;
}

/* How many of the plan's looks n pairs have reached. */
static guint
looks_reached (const stats_sequential_plan *plan, guint n)
{
  if (n < plan->first_pairs)
    return 0;
  return (guint)MIN ((n - plan->first_pairs) / MAX (plan->pairs_per_look, 1) + 1,
                     plan->looks);
}

/* The verdict of the pairs a, b at the plan's look level, as `how` says. */
static commit_verdict
judge_pairs (const range_session *s, const range_judging *how, const GArray *a,
             const GArray *b, stats_paired *cmp, range_pairing *pairing)
{
  const range_options *o = s->opts;
  double level = stats_sequential_look_level (how->plan, a->len);
  if (how->start_plan)
    {
      /* The end comparison: "same" at the plan's level; "changed" at the
       * steering level will do, since it only starts the search. */
      commit_verdict v = range_verdict (o, a, b, level, cmp);
      stats_paired wide;
      if (v == VERDICT_INCONCLUSIVE
          && range_verdict (o, a, b, range_verdict_start_alpha (s, pairing->noise_cv),
                            &wide)
                 == VERDICT_CHANGED)
        {
          *cmp = wide;
          return VERDICT_CHANGED;
        }
      return v;
    }
  if (!how->step)
    return range_verdict (o, a, b, level, cmp);
  stats_paired strict;
  const double *x = (const double *)a->data, *y = (const double *)b->data;
  if (a->len == 0 || !stats_paired_compare (x, y, a->len, level, cmp)
      || !stats_paired_compare (x, y, a->len, MIN (level, RANGE_NEITHER_ALPHA), &strict))
    return VERDICT_INCONCLUSIVE;
  return range_step_verdict (cmp, &strict, how->shift, &pairing->neither);
}

gboolean
range_session_compare (range_session *s, range_commit *ref, range_commit *c,
                       const stats_sequential_plan *plan, commit_verdict *verdict,
                       stats_paired *cmp, range_pairing *pairing, GError **error)
{
  range_judging how = { .plan = plan };
  return range_session_judge (s, ref, c, &how, verdict, cmp, pairing, error);
}

gboolean
range_session_judge (range_session *s, range_commit *ref, range_commit *c,
                     const range_judging *how, commit_verdict *verdict, stats_paired *cmp,
                     range_pairing *pairing, GError **error)
{
  const range_options *o = s->opts;
  const stats_sequential_plan *plan = how->plan;
  g_autoptr (GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) b = g_array_new (FALSE, FALSE, sizeof (double));
  guint looked_at = 0;
  *verdict = VERDICT_INCONCLUSIVE;
  memset (cmp, 0, sizeof *cmp);
  for (;;)
    {
      /* The looks are the plan's points the pairs have reached, so that a
       * comparison taken up again (cached, resumed, rechecked) goes on
       * with the looks it has left; after a host change they start again
       * from the rounds after it. */
      range_pairs_collect (ref, c, how->confirming, o->threshold_pct, a, b, pairing);
      guint n = a->len;
      guint looks = looks_reached (plan, n);
      if (n < looked_at)
        {
          /* Rounds set aside: what they said is void. */
          looked_at = 0;
          *verdict = VERDICT_INCONCLUSIVE;
          memset (cmp, 0, sizeof *cmp);
        }
      if (n >= plan->first_pairs && n > looked_at)
        {
          looked_at = n;
          *verdict = judge_pairs (s, how, a, b, cmp, pairing);
          check_noise (s, pairing, looks, *verdict);
        }
      else if (n > 0)
        judge_pairs (s, how, a, b, cmp, pairing);
      pairing->looks = looks;
      pairing->look_alpha = cmp->n > 0 ? cmp->alpha : plan->look_alpha;
      guint last = range_pairs_last_round (ref, c, how->confirming);
      if ((*verdict != VERDICT_INCONCLUSIVE && last >= how->min_rounds)
          || s->noise_hopeless)
        return TRUE;
      if (n >= (guint)o->max_passes || looks >= plan->looks
          || last * (guint)o->passes >= 2 * (guint)o->max_passes)
        return TRUE;
      /* Rounds of --passes up to the first look, then of the plan's step. */
      int per = n < plan->first_pairs ? o->passes : (int)plan->pairs_per_look;
      int more = MIN (per, o->max_passes - (int)n);
      if (!measure_round (s, ref, c, last + 1, more, opening_run (s, ref, c, how),
                          how->confirming, error))
        return FALSE;
      if (ref->verdict == VERDICT_SKIPPED)
        {
          g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                       "the reference %s could not be measured again: %s", ref->short_sha,
                       ref->skip_reason);
          return FALSE;
        }
      if (c->verdict == VERDICT_SKIPPED)
        return TRUE;
    }
}

gboolean
range_session_decide (range_session *s, range_commit *ref, range_commit *c,
                      const stats_sequential_plan *plan, GError **error)
{
  commit_verdict v;
  if (!range_session_compare (s, ref, c, plan, &v, &c->comparison, &c->pairing, error))
    return FALSE;
  c->compared_with = (int)ref->index;
  if (c->verdict == VERDICT_SKIPPED)
    return TRUE;
  c->verdict = v;
  c->have_comparison = c->comparison.n > 0;
  return TRUE;
}
