/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-options.c: see bench-options.h.  The checks run in a fixed order,
 * so that a command line with several mistakes is told about the same one
 * every time. */
#include <config.h>

#include <math.h>

#include "bench-options.h"
#include "output.h"
#include "sequential.h"
#include "tool-error.h"

/* --passes not given: its default depends on the mode. */
#define PASSES_UNSET G_MININT

/* The command line's own values before they are checked: NAN, 0 and
 * G_MININT64 mean not given. */
typedef struct
{
  double precision;
  int max_passes;
  double threshold;
  gint64 seed;
  gboolean passes_given;
} given_values;

static void
add_entries (GOptionContext *ctx, bench_options *o, given_values *g)
{
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &o->json,
      "Write every pass and the summary as JSON", "FILE" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &o->csv, "Write one row per pass as CSV",
      "FILE" },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &o->version, "Print the version and exit",
      NULL },
    { "compare", 0, 0, G_OPTION_ARG_NONE, &o->compare,
      "Compare two or more configurations (--config, --compare-file) in interleaved "
      "rounds "
      "until every comparison is clear",
      NULL },
    { "config", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->configs,
      "A configuration for --compare: its options on top of the common ones",
      "NAME=OPTIONS" },
    { "compare-file", 0, 0, G_OPTION_ARG_FILENAME, &o->compare_file,
      "Configurations for --compare from a key file ([NAME] options=...)", "FILE" },
    { "test", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &o->test, NULL, NULL },
    { "alpha", 0, 0, G_OPTION_ARG_DOUBLE, &o->alpha,
      "--compare: error rate of all the comparisons together (default 0.05)", "P" },
    { "precision", 0, 0, G_OPTION_ARG_DOUBLE, &g->precision,
      "Add passes until the mean's 95% confidence interval is within PCT% of the mean",
      "PCT" },
    { "max-passes", 0, 0, G_OPTION_ARG_INT, &g->max_passes,
      "With --precision or --compare: at most N passes (of each configuration; default "
      "50); "
      "--passes is then the passes before the first look (default 5)",
      "N" },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &g->threshold,
      "--compare: differences smaller than PCT% count as no change (default 5)", "PCT" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &g->seed,
      "--compare: seed of the random order within each round (default: random)", "N" },
    { NULL }
  };
  g_option_context_add_main_entries (ctx, entries, NULL);
}

/* --precision and --max-passes. */
static gboolean
check_precision (bench_options *o, const given_values *g, GError **error)
{
  gboolean precision = !isnan (g->precision);
  gboolean sequential = precision || o->compare;
  if (precision && !(g->precision > 0 && g->precision < 100))
    return tool_usage_refuse (
        error, "--precision must be a percentage above 0 and below 100, not %g",
        g->precision);
  if (precision && o->compare)
    return tool_usage_refuse (error, "--precision and --compare cannot be used together");
  if (g->max_passes != 0 && !sequential)
    return tool_usage_refuse (
        error, "--max-passes needs --precision or --compare (otherwise --passes "
               "is the number of passes)");
  if (sequential && o->boot.passes < 2)
    return tool_usage_refuse (
        error,
        "--passes (the passes before the first look) must be at least 2 with %s, "
        "not %d",
        o->compare ? "--compare" : "--precision", o->boot.passes);
  o->precision_pct = precision ? g->precision : 0;
  o->max_passes = g->max_passes ? g->max_passes
                                : MAX (SEQUENTIAL_DEFAULT_MAX_PASSES, o->boot.passes);
  if (o->max_passes < o->boot.passes)
    return tool_usage_refuse (
        error, "--max-passes must be at least --passes%s (%d), not %d",
        g->passes_given ? "" : "'s default", o->boot.passes, o->max_passes);
  return TRUE;
}

/* --threshold and --seed, which only --compare takes. */
static gboolean
check_compare_values (bench_options *o, const given_values *g, GError **error)
{
  if (!isnan (g->threshold) && !o->compare)
    return tool_usage_refuse (error, "--threshold needs --compare");
  o->threshold_pct = isnan (g->threshold) ? 5 : g->threshold;
  if (!(o->threshold_pct > 0 && o->threshold_pct < 100))
    return tool_usage_refuse (
        error, "--threshold must be a percentage above 0 and below 100, not %g",
        o->threshold_pct);
  if (g->seed != G_MININT64 && !o->compare)
    return tool_usage_refuse (error, "--seed needs --compare");
  if (g->seed != G_MININT64 && (g->seed < 0 || g->seed > G_MAXUINT32))
    return tool_usage_refuse (error, "--seed must be 0 to %u, not %" G_GINT64_FORMAT,
                              G_MAXUINT32, g->seed);
  o->seed = g->seed != G_MININT64 ? (guint32)g->seed : g_random_int ();
  return TRUE;
}

/* What decides the mode: --compare's configurations, --test, --alpha. */
static gboolean
check_mode (bench_options *o, GError **error)
{
  if (o->configs || o->compare_file)
    o->compare = TRUE;
  if (o->compare && o->configs && o->compare_file)
    return tool_usage_refuse (error,
                              "--config and --compare-file cannot be used together");
  if (o->compare && !o->configs && !o->compare_file)
    return tool_usage_refuse (error,
                              "--compare needs two or more --config NAME=OPTIONS, or "
                              "--compare-file");
  if (o->test)
    return tool_usage_refuse (
        error, "--test is gone: --compare always uses the paired estimator on "
               "rounds (Hodges-Lehmann size, Walsh interval, signed-rank p)");
  if (!(o->alpha > 0 && o->alpha < 1))
    return tool_usage_refuse (error, "--alpha must be between 0 and 1, not %g", o->alpha);
  return TRUE;
}

static gboolean
parse_argv (GOptionContext *ctx, bench_options *o, given_values *g, int argc, char **argv,
            GError **error)
{
  if (!tool_parse_argv (ctx, argc, argv, &o->version, error))
    return FALSE;
  if (o->version)
    return TRUE;
  g->passes_given = o->boot.passes != PASSES_UNSET;
  if (!g->passes_given)
    o->boot.passes = !isnan (g->precision) || o->compare || o->configs || o->compare_file
                         ? SEQUENTIAL_DEFAULT_MIN_PASSES
                         : 10;
  g_autoptr (GError) err = NULL;
  if (!boot_options_check (&o->boot, &o->accel, &err))
    return tool_usage_refuse (error, "%s", err->message);
  return check_mode (o, error) && check_precision (o, g, error)
         && check_compare_values (o, g, error);
}

gboolean
bench_options_parse (bench_options *o, int argc, char **argv, GError **error)
{
  *o = (bench_options){ .alpha = 0.05 };
  boot_options_init (&o->boot, 10, 3);
  given_values g = { .precision = NAN, .threshold = NAN, .seed = G_MININT64 };
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_option_context_set_summary (
      ctx, "Boot and shut down the libguestfs appliance repeatedly and report the time.\n"
           "Environment variables libguestfs reads (LIBGUESTFS_BACKEND, LIBGUESTFS_HV,\n"
           "LIBGUESTFS_APPEND, ...) keep working.");
  boot_options_add_entries (
      ctx, &o->boot,
      "libguestfs debug and trace messages on stderr; with --kernel, "
      "the QEMU command line");
  direct_options_add_entries (ctx, &o->direct);
  add_entries (ctx, o, &g);
  /* The default of --passes depends on the mode: see parse_argv. */
  o->boot.passes = PASSES_UNSET;
  return parse_argv (ctx, o, &g, argc, argv, error);
}

void
bench_options_clear (bench_options *o)
{
  boot_options_clear (&o->boot);
  direct_options_clear (&o->direct);
  g_free (o->json);
  g_free (o->csv);
  g_strfreev (o->configs);
  g_free (o->compare_file);
  g_free (o->test);
  *o = (bench_options){ 0 };
}

gboolean
bench_options_check_outputs (const bench_options *o, GError **error)
{
  if ((o->json && !output_check_writable (o->json, error))
      || (o->csv && !output_check_writable (o->csv, error)))
    return FALSE;
  /* No output may replace an input: --json ./vmlinuz, --csv on the compare file. */
  const output_file_option outputs[]
      = { { "--json", o->json }, { "--csv", o->csv }, { NULL } };
  const output_file_option inputs[] = { { "--compare-file", o->compare_file },
                                        { "--kernel", o->direct.kernel },
                                        { "--initrd", o->direct.initrd },
                                        { "--bios", o->direct.bios },
                                        { NULL } };
  g_autoptr (GError) err = NULL;
  if (!output_check_distinct (outputs, inputs, &err))
    return tool_usage_refuse (error, "%s", err->message);
  return TRUE;
}
