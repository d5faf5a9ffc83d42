/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compare.c: the configurations of boot-benchmark --compare: parsing them
 * (command line or key file) on top of the run's own options, preparing
 * their boot targets, and the sequential run over the pass runner's
 * interleaved rounds (looks, the noise guard).  The estimates are in
 * compare-summary.c, the table in compare-report.c. */
#include <config.h>

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "accel.h"
#include "compare-summary.h"
#include "compare.h"
#include "output.h"
#include "pass-runner.h"
#include "sequential.h"

/* clang-format off */
G_DEFINE_QUARK (bootperf-compare-error-quark, compare_error)
/* clang-format on */

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
  boot_target_free (c->target);
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

/* The configuration starts from the command line's own options. */
static void
inherit_options (compare_config *c, const boot_options *base, const direct_options *dbase)
{
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
}

/* GOption over the words, keeping what it replaced freed. */
static gboolean
parse_words (compare_config *c, int *argc, char ***argv, GError **error)
{
  boot_options before = c->boot;
  direct_options dbefore = c->direct_opts;
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_option_context_set_help_enabled (ctx, FALSE);
  boot_options_add_entries (ctx, &c->boot, "");
  direct_options_add_entries (ctx, &c->direct_opts);
  gboolean parsed = g_option_context_parse (ctx, argc, argv, error);
  free_replaced (before.append, c->boot.append);
  free_replaced (before.accel, c->boot.accel);
  free_replaced (dbefore.kernel, c->direct_opts.kernel);
  free_replaced (dbefore.initrd, c->direct_opts.initrd);
  free_replaced (dbefore.qemu, c->direct_opts.qemu);
  free_replaced (dbefore.machine, c->direct_opts.machine);
  free_replaced (dbefore.bios, c->direct_opts.bios);
  free_replaced (dbefore.ready, c->direct_opts.ready);
  if (!parsed)
    return FALSE;
  if (*argc > 1)
    {
      g_set_error (error, compare_error_quark (), 0, "unexpected argument '%s'",
                   (*argv)[1]);
      return FALSE;
    }
  if (c->boot.passes != before.passes || c->boot.warmup != before.warmup
      || c->boot.quiet != before.quiet || c->boot.verbose != before.verbose
      || c->boot.reprobe != before.reprobe)
    {
      g_set_error (error, compare_error_quark (), 0,
                   "--passes, --warmup, --quiet, --verbose and --reprobe apply to the "
                   "whole run, not to one configuration");
      return FALSE;
    }
  return boot_options_check (&c->boot, &c->wanted, error);
}

/* OPTIONS as shell words, parsed on top of c's. */
static gboolean
parse_options (compare_config *c, const char *options, GError **error)
{
  g_auto (GStrv) words = NULL;
  int nwords = 0;
  if (*options && strspn (options, " \t") != strlen (options)
      && !g_shell_parse_argv (options, &nwords, &words, error))
    return FALSE;
  /* argv[0] for GOption, then the words. */
  g_autofree char **argv = g_new0 (char *, nwords + 2);
  argv[0] = (char *)"config";
  for (int i = 0; i < nwords; i++)
    argv[i + 1] = words[i];
  int argc = nwords + 1;
  char **argv_parse = argv;
  return parse_words (c, &argc, &argv_parse, error);
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
  inherit_options (c, base, dbase);
  g_autoptr (GError) err = NULL;
  if (!parse_options (c, options, &err))
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
  g_clear_pointer (&c->target, boot_target_free);
  direct_config_clear (&c->direct_cfg);
  if (!c->direct && direct_options_given (&c->direct_opts, TRUE))
    {
      g_set_error (error, compare_error_quark (), 0,
                   "configuration '%s': --initrd, --qemu, --machine, --bios, --cpus and "
                   "--ready need --kernel",
                   c->name);
      return FALSE;
    }
  if (c->direct
      && !direct_options_to_config (&c->direct_opts, &c->boot, accel, &c->direct_cfg,
                                    &err))
    {
      g_set_error (error, compare_error_quark (), 0, "configuration '%s': %s", c->name,
                   err->message);
      return FALSE;
    }
  appliance_config appliance = boot_options_to_config (&c->boot, accel, c->boot.append);
  appliance.verbose = c->boot.verbose;
  c->target = c->direct ? direct_target_new (&c->direct_cfg)
                        : appliance_target_new (&appliance);
  c->accel = accel;
  return TRUE;
}

gboolean
compare_run_check (compare_run *run, GError **error)
{
  if (run->configs->len < 2)
    {
      g_set_error (error, compare_error_quark (), 0,
                   "--compare needs two or more configurations, not %u",
                   run->configs->len);
      return FALSE;
    }
  for (guint k = 0; k < run->configs->len; k++)
    {
      compare_config *c = g_ptr_array_index (run->configs, k);
      for (guint j = 0; j < k; j++)
        if (g_str_equal (c->name,
                         ((compare_config *)g_ptr_array_index (run->configs, j))->name))
          {
            g_set_error (error, compare_error_quark (), 0,
                         "configuration '%s' is named twice", c->name);
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
  g_set_error (
      error, compare_error_quark (), 0,
      "--compare cannot reach a verdict within --max-passes %d at --alpha %g "
      "(%g for each of %u comparisons): the signed-rank test needs %zu passes of "
      "each configuration; use --max-passes %zu or more, or a larger --alpha",
      run->max_passes, run->alpha, alpha, comparisons, need,
      MAX (need, (size_t)run->passes));
  return FALSE;
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
      const char *name
          = ((const compare_config *)g_ptr_array_index (run->configs, k))->name;
      g_autofree char *cost
          = need > run->max_passes ? g_strdup_printf (
                "more than --max-passes %d passes each to resolve %g%%", run->max_passes,
                run->threshold_pct)
                                   : g_strdup_printf ("~%d passes each to resolve %g%%",
                                                      need, run->threshold_pct);
      sequential_notify (
          run->hooks.notice, run->hooks.notice_data,
          "'%s' against '%s': CV %.1f%%, sd of the paired difference %.1f%% "
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

gboolean
compare_run_resolve (compare_run *run, gboolean refresh, GError **error)
{
  g_autoptr (GPtrArray) said = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < run->configs->len; k++)
    {
      compare_config *c = g_ptr_array_index (run->configs, k);
      g_autoptr (GError) err = NULL;
      g_clear_pointer (&c->accel_note, g_free);
      if (!accel_resolve (c->target, c->wanted, refresh, &c->accel_note, &err))
        {
          g_set_error (error, err->domain, err->code, "configuration '%s': %s", c->name,
                       err->message);
          return FALSE;
        }
      c->accel = c->target->accel;
      c->direct_cfg.accel = c->accel;
      /* The same fallback (one hypervisor for several) is said once. */
      if (c->accel_note
          && !g_ptr_array_find_with_equal_func (said, c->accel_note, g_str_equal, NULL))
        {
          sequential_notify (run->hooks.notice, run->hooks.notice_data, "%s",
                             c->accel_note);
          g_ptr_array_add (said, g_strdup (c->accel_note));
        }
    }
  return TRUE;
}

static void
keep_sample (pass_record *p, gpointer data)
{
  compare_run *run = data;
  compare_sample s = { .order = p->order,
                       .config = p->target,
                       .pass = p->round,
                       .round = p->round,
                       .result = p->boot.result,
                       .has_marks = p->boot.has_marks,
                       .marks = p->boot.marks,
                       .loadavg_1min = p->loadavg_1min };
  p->boot.result.error = NULL; /* now the sample's */
  boot_pass_clear (&p->boot);
  g_array_append_val (run->samples, s);
}

/* After each complete round: a look every `passes` rounds and at the last. */
static gboolean
round_done (int round, gpointer data)
{
  compare_run *run = data;
  run->rounds = round;
  if (round % run->passes == 0 || round == run->max_passes)
    look (run);
  return run->decided;
}

gboolean
compare_run_passes (compare_run *run, GError **error)
{
  guint n = run->configs->len;
  g_autoptr (GPtrArray) targets = g_ptr_array_new ();
  g_autofree const char **names = g_new0 (const char *, n + 1);
  for (guint k = 0; k < n; k++)
    {
      const compare_config *c = g_ptr_array_index (run->configs, k);
      g_ptr_array_add (targets, c->target);
      names[k] = c->name;
    }
  pass_runner r = {
    .targets = targets,
    .names = names,
    .warmup = run->warmup,
    .max_rounds = run->max_passes,
    .interleave = TRUE,
    .seed = run->seed,
    .watch_load = TRUE,
    .start_load = run->host.loadavg[0],
    .measured = keep_sample,
    .round_done = round_done,
    .hooks = run->hooks,
    .data = run,
  };
  run->complete = pass_runner_run (&r, error);
  run->load_rose_at = r.load_rose_at;
  return run->complete;
}
