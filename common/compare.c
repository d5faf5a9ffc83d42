/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compare.c: the configurations of boot-benchmark --compare: parsing them
 * (command line or key file) on top of the run's own options, preparing
 * them, and the sequential pass loop (rounds in random order, looks, the
 * noise guard).  The estimates are in compare-summary.c, the table in
 * compare-report.c. */
#include <config.h>

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "compare-summary.h"
#include "compare.h"
#include "output.h"
#include "progress.h"
#include "sequential.h"

G_DEFINE_QUARK (bootperf-compare-error-quark, compare_error)

void
compare_run_init (compare_run *run)
{
  memset (run, 0, sizeof *run);
  run->configs = g_ptr_array_new_with_free_func ((GDestroyNotify)compare_config_free);
  run->samples = g_array_new (FALSE, TRUE, sizeof (compare_sample));
  run->passes = 5;
  run->max_passes = 50;
  run->alpha = 0.05;
  run->threshold_pct = 5;
}

void
compare_run_clear (compare_run *run)
{
  host_info_clear (&run->host);
  if (run->samples)
    {
      for (guint i = 0; i < run->samples->len; i++)
        pass_result_clear (&g_array_index (run->samples, compare_sample, i).result);
      g_array_unref (run->samples);
    }
  if (run->configs)
    g_ptr_array_unref (run->configs);
  memset (run, 0, sizeof *run);
}

void
compare_config_free (compare_config *c)
{
  if (!c)
    return;
  g_free (c->name);
  g_free (c->options);
  boot_options_clear (&c->boot);
  direct_options_clear (&c->direct_opts);
  direct_config_clear (&c->direct_cfg);
  g_free (c->accel_note);
  g_free (c);
}

/* GOption overwrites a string without freeing what was there: keep the
 * copies we put in and free those it replaced. */
static void
free_replaced (char *before, char *after)
{
  if (before != after)
    g_free (before);
}

compare_config *
compare_config_parse (const char *name, const char *options, const boot_options *base,
                      const direct_options *dbase, GError **error)
{
  if (!*name || strpbrk (name, ",\"\r\n[]="))
    {
      g_set_error (error, compare_error_quark (), 0,
                   "configuration name '%s' must be non-empty, without , \" [ ] = or "
                   "line breaks",
                   name);
      return NULL;
    }
  g_autoptr (compare_config) c = g_new0 (compare_config, 1);
  /* Both are printed: made printable (the options are parsed as given). */
  c->name = output_printable (name);
  c->options = output_printable (options);
  boot_options_init (&c->boot, base->passes, base->warmup);
  c->boot.memsize_mb = base->memsize_mb;
  c->boot.smp = base->smp;
  c->boot.append = g_strdup (base->append);
  c->boot.accel = g_strdup (base->accel);
  c->boot.timeout_s = base->timeout_s;
  c->boot.reprobe = base->reprobe;
  c->boot.quiet = base->quiet;
  c->boot.verbose = base->verbose;
  direct_options_copy (&c->direct_opts, dbase);

  g_auto (GStrv) words = NULL;
  int nwords = 0;
  g_autoptr (GError) err = NULL;
  if (*options && strspn (options, " \t") != strlen (options)
      && !g_shell_parse_argv (options, &nwords, &words, &err))
    {
      g_set_error (error, compare_error_quark (), 0, "configuration '%s': %s", name,
                   err->message);
      return NULL;
    }
  /* argv[0] for GOption, then the words. */
  g_autofree char **argv = g_new0 (char *, nwords + 2);
  argv[0] = (char *)"config";
  for (int i = 0; i < nwords; i++)
    argv[i + 1] = words[i];
  int argc = nwords + 1;
  char **argv_parse = argv;

  boot_options before = c->boot;
  direct_options dbefore = c->direct_opts;
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_option_context_set_help_enabled (ctx, FALSE);
  boot_options_add_entries (ctx, &c->boot, "");
  direct_options_add_entries (ctx, &c->direct_opts);
  gboolean parsed = g_option_context_parse (ctx, &argc, &argv_parse, &err);
  free_replaced (before.append, c->boot.append);
  free_replaced (before.accel, c->boot.accel);
  free_replaced (dbefore.kernel, c->direct_opts.kernel);
  free_replaced (dbefore.initrd, c->direct_opts.initrd);
  free_replaced (dbefore.qemu, c->direct_opts.qemu);
  free_replaced (dbefore.machine, c->direct_opts.machine);
  free_replaced (dbefore.bios, c->direct_opts.bios);
  free_replaced (dbefore.ready, c->direct_opts.ready);
  if (!parsed)
    {
      g_set_error (error, compare_error_quark (), 0, "configuration '%s': %s", name,
                   err->message);
      return NULL;
    }
  if (argc > 1)
    {
      g_set_error (error, compare_error_quark (), 0,
                   "configuration '%s': unexpected argument '%s'", name, argv_parse[1]);
      return NULL;
    }
  if (c->boot.passes != before.passes || c->boot.warmup != before.warmup
      || c->boot.quiet != before.quiet || c->boot.verbose != before.verbose
      || c->boot.reprobe != before.reprobe)
    {
      g_set_error (error, compare_error_quark (), 0,
                   "configuration '%s': --passes, --warmup, --quiet, --verbose and "
                   "--reprobe apply to the whole run, not to one configuration",
                   name);
      return NULL;
    }
  if (!boot_options_check (&c->boot, &c->wanted, &err))
    {
      g_set_error (error, compare_error_quark (), 0, "configuration '%s': %s", name,
                   err->message);
      return NULL;
    }
  c->direct = direct_options_wanted (&c->direct_opts);
  return g_steal_pointer (&c);
}

compare_config *
compare_config_parse_arg (const char *arg, const boot_options *base,
                          const direct_options *dbase, GError **error)
{
  const char *eq = strchr (arg, '=');
  if (!eq)
    {
      g_set_error (error, compare_error_quark (), 0,
                   "--config '%s' must be NAME=OPTIONS (OPTIONS may be empty)", arg);
      return NULL;
    }
  g_autofree char *name = g_strndup (arg, (gsize)(eq - arg));
  return compare_config_parse (name, eq + 1, base, dbase, error);
}

GPtrArray *
compare_configs_load_file (const char *path, const boot_options *base,
                           const direct_options *dbase, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) err = NULL;
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &err))
    {
      g_set_error (error, compare_error_quark (), 0, "%s: %s", path, err->message);
      return NULL;
    }
  g_autoptr (GPtrArray) configs
      = g_ptr_array_new_with_free_func ((GDestroyNotify)compare_config_free);
  gsize n;
  g_auto (GStrv) groups = g_key_file_get_groups (kf, &n);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *options = g_key_file_get_string (kf, groups[i], "options", &err);
      if (!options)
        {
          g_set_error (error, compare_error_quark (), 0, "%s: [%s]: %s", path, groups[i],
                       err->message);
          return NULL;
        }
      compare_config *c = compare_config_parse (groups[i], options, base, dbase, &err);
      if (!c)
        {
          g_set_error (error, compare_error_quark (), 0, "%s: %s", path, err->message);
          return NULL;
        }
      g_ptr_array_add (configs, c);
    }
  return g_steal_pointer (&configs);
}

gboolean
compare_config_prepare (compare_config *c, accel_kind accel, GError **error)
{
  g_autoptr (GError) err = NULL;
  if (c->direct)
    {
      if (!direct_options_to_config (&c->direct_opts, &c->boot, accel, &c->direct_cfg, &err))
        {
          g_set_error (error, compare_error_quark (), 0, "configuration '%s': %s", c->name,
                       err->message);
          return FALSE;
        }
      return TRUE;
    }
  if (c->direct_opts.initrd || c->direct_opts.qemu || c->direct_opts.machine
      || c->direct_opts.bios || c->direct_opts.ready || c->direct_opts.cpus)
    {
      g_set_error (error, compare_error_quark (), 0,
                   "configuration '%s': --initrd, --qemu, --machine, --bios, --cpus and "
                   "--ready need --kernel",
                   c->name);
      return FALSE;
    }
  c->appliance = boot_options_to_config (&c->boot, accel, c->boot.append);
  return TRUE;
}

void
compare_config_run_pass (const compare_config *c, pass_result *out, boot_marks *marks)
{
  if (c->direct)
    direct_run_pass (&c->direct_cfg, 0, out, marks, NULL);
  else
    {
      appliance_run_pass (&c->appliance, out);
      boot_marks_clear (marks);
    }
}

gboolean
compare_run_check (compare_run *run, GError **error)
{
  if (run->configs->len < 2)
    {
      g_set_error (error, compare_error_quark (), 0,
                   "--compare needs two or more configurations, not %u", run->configs->len);
      return FALSE;
    }
  for (guint k = 0; k < run->configs->len; k++)
    {
      compare_config *c = g_ptr_array_index (run->configs, k);
      for (guint j = 0; j < k; j++)
        if (g_str_equal (c->name, ((compare_config *) g_ptr_array_index (run->configs, j))->name))
          {
            g_set_error (error, compare_error_quark (), 0, "configuration '%s' is named twice",
                         c->name);
            return FALSE;
          }
      if (!compare_config_prepare (c, ACCEL_TCG, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
compare_run_plan (compare_run *run, GError **error)
{
  guint comparisons = run->configs->len - 1;
  double alpha = run->alpha / comparisons;
  if (stats_sequential_plan_make (alpha, (size_t)run->passes, (size_t)run->max_passes,
                                  &run->plan))
    return TRUE;
  size_t need = stats_paired_min_pairs (alpha);
  g_set_error (error, compare_error_quark (), 0,
               "--compare cannot reach a verdict within --max-passes %d at --alpha %g "
               "(%g for each of %u comparisons): the signed-rank test needs %zu passes of "
               "each configuration; use --max-passes %zu or more, or a larger --alpha",
               run->max_passes, run->alpha, alpha, comparisons, need,
               MAX (need, (size_t)run->passes));
  return FALSE;
}

static void
run_one_pass (const compare_run *run, const compare_config *c, compare_sample *s)
{
  s->loadavg_1min = -1;
  if (run->run_pass)
    {
      run->run_pass (run, c, s, run->run_pass_data);
      return;
    }
  compare_config_run_pass (c, &s->result, &s->marks);
  s->has_marks = c->direct;
  s->loadavg_1min = load_now ();
}

/* What a configuration keeps busy: one runnable thread per virtual CPU. */
static double
own_load (const compare_config *c)
{
  int cpus = c->direct ? c->direct_cfg.smp : c->boot.smp;
  return cpus > 0 ? cpus : 1;
}

static void
watch_load (compare_run *run, const compare_config *c, const compare_sample *s)
{
  if (run->load_rose_at || !load_has_risen (run->host.loadavg[0], s->loadavg_1min,
                                            own_load (c)))
    return;
  run->load_rose_at = s->order;
  sequential_notify (run->notice, run->notice_data,
                     "warning: the host's load average rose from %.2f to %.2f by round %u: other "
          "work is slowing the passes down (every configuration alike, as they are "
          "interleaved)",
          run->host.loadavg[0], s->loadavg_1min, s->round);
}

static void
show_progress (const compare_run *run, gboolean warming, int number, const char *name,
               int64_t start)
{
  double elapsed = (double)(monotonic_ns () - start) / 1e9;
  if (warming)
    progress_update ("warm-up %d/%d  %s  elapsed %.0fs", number, run->warmup, name, elapsed);
  else
    progress_update ("round %d (%d to %d)  %s  elapsed %.0fs", number, run->passes,
                     run->max_passes, name, elapsed);
}

/* One pass of configuration k; FALSE (and *failure) when it failed. */
static pass_status
run_config_pass (compare_run *run, guint k, int round, guint *order, int64_t start,
                 char **failure)
{
  const compare_config *c = g_ptr_array_index (run->configs, k);
  gboolean warming = round <= 0;
  int number = warming ? round + run->warmup : round;
  show_progress (run, warming, number, c->name, start);
  compare_sample smp = { .config = k, .pass = (guint)number, .round = (guint)number };
  run_one_pass (run, c, &smp);
  pass_status status = smp.result.status;
  if (status != PASS_OK)
    *failure = g_strdup_printf ("configuration '%s', %s %d: %s", c->name,
                                warming ? "warm-up" : "pass", number, smp.result.error);
  if (warming)
    {
      pass_result_clear (&smp.result);
      return status;
    }
  smp.order = ++*order;
  g_array_append_val (run->samples, smp);
  watch_load (run, c, &smp);
  return status;
}

/* The order of one round: a random permutation (Fisher-Yates). */
static void
shuffle (GRand *rng, guint *order, guint n)
{
  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = (guint)g_rand_int_range (rng, 0, (gint32)i + 1);
      guint t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
}

/* At the first look, say what resolving each open comparison will cost. */
static void
noise_guard (const compare_run *run, const GArray *rows)
{
  const compare_row *base = &g_array_index (rows, compare_row, 0);
  double z = gsl_cdf_ugaussian_Qinv (run->plan.look_alpha / 2);
  for (guint k = 1; k < rows->len; k++)
    {
      const compare_row *r = &g_array_index (rows, compare_row, k);
      if (r->decision != STATS_INCONCLUSIVE || isnan (r->diff_sd_pct))
        continue;
      int need = comparison_rounds_needed (r->diff_sd_pct, run->threshold_pct, z,
                                           run->max_passes);
      need = MAX (need, (int)run->plan.first_pairs);
      const char *name = ((const compare_config *)g_ptr_array_index (run->configs, k))->name;
      g_autofree char *cost
          = need > run->max_passes
                ? g_strdup_printf ("more than --max-passes %d passes each to resolve %g%%",
                                   run->max_passes, run->threshold_pct)
                : g_strdup_printf ("~%d passes each to resolve %g%%", need,
                                   run->threshold_pct);
      sequential_notify (run->notice, run->notice_data, "'%s' against '%s': CV %.1f%%, sd of the paired difference %.1f%% "
                   "after %d rounds: %s",
              name, ((const compare_config *)g_ptr_array_index (run->configs, 0))->name,
              100 * base->wall_ms.cv, r->diff_sd_pct, run->rounds, cost);
    }
}

/* A look: is every comparison clear? */
static void
look (compare_run *run)
{
  GArray *rows = compare_rows (run);
  run->looks++;
  run->decided = TRUE;
  for (guint k = 1; k < rows->len; k++)
    if (g_array_index (rows, compare_row, k).decision == STATS_INCONCLUSIVE)
      run->decided = FALSE;
  if (run->looks == 1 && !run->decided)
    noise_guard (run, rows);
  compare_rows_free (rows);
}

pass_status
compare_run_passes (compare_run *run, char **failure)
{
  guint n = run->configs->len;
  int64_t start = monotonic_ns ();
  pass_status status = PASS_OK;
  guint order = 0;
  g_autofree guint *perm = g_new (guint, n);
  g_autoptr (GRand) rng = g_rand_new_with_seed (run->seed);
  for (int round = 1 - run->warmup; round <= 0 && status == PASS_OK; round++)
    for (guint k = 0; k < n && status == PASS_OK; k++)
      status = run_config_pass (run, k, round, &order, start, failure);
  for (int round = 1; round <= run->max_passes && status == PASS_OK && !run->decided;
       round++)
    {
      shuffle (rng, perm, n);
      for (guint i = 0; i < n && status == PASS_OK; i++)
        status = run_config_pass (run, perm[i], round, &order, start, failure);
      if (status != PASS_OK)
        break;
      run->rounds = round;
      if (round % run->passes == 0 || round == run->max_passes)
        look (run);
    }
  progress_clear ();
  run->complete = status == PASS_OK;
  return status;
}
