/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot-benchmark: boot and shut down the libguestfs appliance (or a kernel,
 * directly) again and again (warm-up passes first, not counted) and report
 * the time with honest statistics, qemu's peak memory, and the accelerator
 * actually used; --precision adds passes until the mean is known well
 * enough, --compare measures configurations in interleaved rounds until
 * every comparison is clear.
 *
 * Exit status: 0 every pass succeeded (and --precision was reached, every
 * --compare comparison decided); 1 runtime failure (launch failed, timeout,
 * KVM unusable when forced, output not written); 2 usage error; 4
 * --precision not reached or a comparison still inconclusive at
 * --max-passes; 130 interrupted.  Whatever was measured is reported and
 * written in every case. */
#include <config.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "accel.h"
#include "appliance.h"
#include "bench-report.h"
#include "bench-run.h"
#include "boot-options.h"
#include "compare-report.h"
#include "compare.h"
#include "direct-boot.h"
#include "direct-options.h"
#include "interrupt.h"
#include "output.h"
#include "progress.h"
#include "sequential.h"

#define EXIT_USAGE 2
#define EXIT_UNDECIDED 4
#define EXIT_INTERRUPTED 130
/* --passes not given: its default depends on the mode. */
#define PASSES_UNSET G_MININT

static boot_options opts;
static direct_options dopts;
static gboolean opt_compare = FALSE;
static char **opt_configs = NULL;
static char *opt_compare_file = NULL;
static char *opt_test = NULL;
static double opt_alpha = 0.05;
static char *opt_json = NULL;
static char *opt_csv = NULL;
static gboolean opt_version = FALSE;
/* NAN, 0 and G_MININT64: not given. */
static double opt_precision = NAN;
static int opt_max_passes = 0;
static double opt_threshold = NAN;
static gint64 opt_seed = G_MININT64;

static GOptionEntry entries[] = {
  { "json", 0, 0, G_OPTION_ARG_FILENAME, &opt_json, "Write every pass and the summary as JSON", "FILE" },
  { "csv", 0, 0, G_OPTION_ARG_FILENAME, &opt_csv, "Write one row per pass as CSV", "FILE" },
  { "version", 'V', 0, G_OPTION_ARG_NONE, &opt_version, "Print the version and exit", NULL },
  { "compare", 0, 0, G_OPTION_ARG_NONE, &opt_compare,
    "Compare two or more configurations (--config, --compare-file) in interleaved rounds "
    "until every comparison is clear", NULL },
  { "config", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_configs,
    "A configuration for --compare: its options on top of the common ones", "NAME=OPTIONS" },
  { "compare-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_compare_file,
    "Configurations for --compare from a key file ([NAME] options=...)", "FILE" },
  { "test", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &opt_test, NULL, NULL },
  { "alpha", 0, 0, G_OPTION_ARG_DOUBLE, &opt_alpha,
    "--compare: error rate of all the comparisons together (default 0.05)", "P" },
  { "precision", 0, 0, G_OPTION_ARG_DOUBLE, &opt_precision,
    "Add passes until the mean's 95% confidence interval is within PCT% of the mean", "PCT" },
  { "max-passes", 0, 0, G_OPTION_ARG_INT, &opt_max_passes,
    "With --precision or --compare: at most N passes (of each configuration; default 50); "
    "--passes is then the passes before the first look (default 5)", "N" },
  { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &opt_threshold,
    "--compare: differences smaller than PCT% count as no change (default 5)", "PCT" },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed,
    "--compare: seed of the random order within each round (default: random)", "N" },
  { NULL }
};

static void G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN
usage_error (const char *fmt, ...)
{
  /* Printed straight from the arguments: nothing allocated is left at exit. */
  va_list ap;
  va_start (ap, fmt);
  fputs ("boot-benchmark: ", stderr);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputs (" (see --help)\n", stderr);
  exit (EXIT_USAGE);
}

/* --precision, --max-passes, --threshold, --seed: each needs its mode. */
static void
check_sequential_options (gboolean passes_given)
{
  gboolean precision = !isnan (opt_precision);
  gboolean sequential = precision || opt_compare;
  if (precision && !(opt_precision > 0 && opt_precision < 100))
    usage_error ("--precision must be a percentage above 0 and below 100, not %g",
                 opt_precision);
  if (precision && opt_compare)
    usage_error ("--precision and --compare cannot be used together");
  if (opt_max_passes != 0 && !sequential)
    usage_error ("--max-passes needs --precision or --compare (otherwise --passes is "
                 "the number of passes)");
  if (sequential && opts.passes < 2)
    usage_error ("--passes (the passes before the first look) must be at least 2 with %s, "
                 "not %d",
                 opt_compare ? "--compare" : "--precision", opts.passes);
  if (opt_max_passes == 0)
    opt_max_passes = MAX (SEQUENTIAL_DEFAULT_MAX_PASSES, opts.passes);
  else if (opt_max_passes < opts.passes)
    usage_error ("--max-passes must be at least --passes%s (%d), not %d",
                 passes_given ? "" : "'s default", opts.passes, opt_max_passes);
  if (!isnan (opt_threshold) && !opt_compare)
    usage_error ("--threshold needs --compare");
  if (isnan (opt_threshold))
    opt_threshold = 5;
  if (!(opt_threshold > 0 && opt_threshold < 100))
    usage_error ("--threshold must be a percentage above 0 and below 100, not %g",
                 opt_threshold);
  if (opt_seed != G_MININT64 && !opt_compare)
    usage_error ("--seed needs --compare");
  if (opt_seed != G_MININT64 && (opt_seed < 0 || opt_seed > G_MAXUINT32))
    usage_error ("--seed must be 0 to %u, not %" G_GINT64_FORMAT, G_MAXUINT32, opt_seed);
}

static void
parse_options (int argc, char **argv, accel_kind *accel)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_option_context_set_summary (
      ctx, "Boot and shut down the libguestfs appliance repeatedly and report the time.\n"
           "Environment variables libguestfs reads (LIBGUESTFS_BACKEND, LIBGUESTFS_HV,\n"
           "LIBGUESTFS_APPEND, ...) keep working.");
  boot_options_add_entries (ctx, &opts,
                            "libguestfs debug and trace messages on stderr; with --kernel, "
                            "the QEMU command line");
  direct_options_add_entries (ctx, &dopts);
  g_option_context_add_main_entries (ctx, entries, NULL);
  /* The default of --passes depends on the mode: see resolve_passes. */
  opts.passes = PASSES_UNSET;
  g_autoptr (GError) err = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &err))
    usage_error ("%s", err->message);
  if (opt_version)
    {
      printf ("boot-benchmark %s\n", PACKAGE_VERSION);
      exit (EXIT_SUCCESS);
    }
  if (argc > 1)
    usage_error ("unexpected argument '%s'", argv[1]);
  gboolean passes_given = opts.passes != PASSES_UNSET;
  if (!passes_given)
    opts.passes = !isnan (opt_precision) || opt_compare || opt_configs || opt_compare_file
                      ? SEQUENTIAL_DEFAULT_MIN_PASSES
                      : 10;
  if (!boot_options_check (&opts, accel, &err))
    usage_error ("%s", err->message);
  if ((opt_configs || opt_compare_file) && !opt_compare)
    opt_compare = TRUE;
  if (opt_compare && opt_configs && opt_compare_file)
    usage_error ("--config and --compare-file cannot be used together");
  if (opt_compare && !opt_configs && !opt_compare_file)
    usage_error ("--compare needs two or more --config NAME=OPTIONS, or --compare-file");
  if (opt_test)
    usage_error ("--test is gone: --compare always uses the paired estimator on rounds "
                 "(Hodges-Lehmann size, Walsh interval, signed-rank p)");
  if (!(opt_alpha > 0 && opt_alpha < 1))
    usage_error ("--alpha must be between 0 and 1, not %g", opt_alpha);
  check_sequential_options (passes_given);
}

static void
check_output (const char *path)
{
  g_autoptr (GError) err = NULL;
  if (path && !output_check_writable (path, &err))
    {
      fprintf (stderr, "boot-benchmark: %s\n", err->message);
      exit (EXIT_FAILURE);
    }
}

/* No output may replace an input: --json ./vmlinuz, --csv on the compare file. */
static void
check_outputs_distinct (void)
{
  const output_file_option outputs[] = { { "--json", opt_json }, { "--csv", opt_csv }, { NULL } };
  const output_file_option inputs[]
      = { { "--compare-file", opt_compare_file }, { "--kernel", dopts.kernel },
          { "--initrd", dopts.initrd }, { "--bios", dopts.bios }, { NULL } };
  g_autoptr (GError) err = NULL;
  if (!output_check_distinct (outputs, inputs, &err))
    usage_error ("%s", err->message);
}

/* Write one output file; on failure say so on stderr and return FALSE. */
static gboolean
write_output (const char *path, const char *text)
{
  g_autoptr (GError) err = NULL;
  if (!path || output_write_atomic (path, text, -1, &err))
    return TRUE;
  fprintf (stderr, "boot-benchmark: %s\n", err->message);
  return FALSE;
}

/* Why the run stopped, if it did: it may quote qemu's stderr, so printable. */
static void
print_failure (const GError *failure)
{
  if (!failure)
    return;
  g_autofree char *msg = output_printable (failure->message);
  fprintf (stderr, "boot-benchmark: %s\n", msg);
}

/* Flush the report; a broken standard output is one line on stderr. */
static gboolean
finish_stdout (void)
{
  g_autoptr (GError) err = NULL;
  if (output_stdout_finish (&err))
    return TRUE;
  fprintf (stderr, "boot-benchmark: %s\n", err->message);
  return FALSE;
}

/* What a run says while it runs (the noise guard): always, on stderr. */
static void
print_notice (const char *text, gpointer data)
{
  (void)data;
  g_autofree char *msg = output_printable (text); /* may hold a configuration's name */
  fprintf (stderr, "boot-benchmark: %s\n", msg);
}

static void
print_warnings (const bench_run *run, const bench_summary *s)
{
  if (s->wall_ms.n >= 2 && s->wall_ms.cv > 0.05)
    printf ("warning: the coefficient of variation is %.1f%% (over 5%%): the host is noisy; "
            "use more passes or a quieter host\n",
            100.0 * s->wall_ms.cv);
  if (host_info_load_is_high (&run->host))
    printf ("warning: the host's load average was %.2f on %d cores when the run began: "
            "other work distorts the timings\n",
            run->host.loadavg[0], run->host.cores);
  if (run->load_rose_at)
    printf ("warning: the host's load average rose during the run (by pass %d, beyond what "
            "the run adds): later passes may be slower for that reason\n",
            run->load_rose_at);
  if (run->accel == ACCEL_TCG)
    printf ("note: TCG (software emulation) was used: times are not comparable with KVM\n");
}

static void
print_command_line (const direct_config *d, const char *label)
{
  g_auto (GStrv) argv = direct_qemu_argv (d);
  GString *line = g_string_new (NULL);
  for (char **a = argv; *a; a++)
    {
      g_autofree char *q = g_shell_quote (*a);
      g_string_append_printf (line, "%s%s", a == argv ? "" : " ", q);
    }
  fprintf (stderr, "boot-benchmark: %s%s%s\n", label ? label : "", label ? ": " : "",
           line->str);
  g_string_free (line, TRUE);
}

/* Bad --kernel, --machine, --ready ...: exit 2, one line, before any boot. */
static void G_GNUC_NORETURN
input_error (const GError *err)
{
  /* Messages may quote a file's contents (GKeyFile does): made printable. */
  char *msg = output_printable (err->message);
  fprintf (stderr, "boot-benchmark: %s\n", msg);
  g_free (msg);
  direct_options_clear (&dopts);
  boot_options_clear (&opts);
  exit (EXIT_USAGE);
}

static int
run_compare (void)
{
  compare_run run;
  compare_run_init (&run);
  run.passes = opts.passes;
  run.max_passes = opt_max_passes;
  run.warmup = opts.warmup;
  run.alpha = opt_alpha;
  run.threshold_pct = opt_threshold;
  run.seed = opt_seed != G_MININT64 ? (guint32)opt_seed : g_random_int ();
  run.notice = print_notice;
  g_autoptr (GError) err = NULL;
  if (opt_compare_file)
    {
      GPtrArray *configs = compare_configs_load_file (opt_compare_file, &opts, &dopts, &err);
      if (!configs)
        {
          compare_run_clear (&run);
          input_error (err);
        }
      g_ptr_array_extend_and_steal (run.configs, configs);
    }
  for (char **c = opt_configs; c && *c; c++)
    {
      compare_config *cfg = compare_config_parse_arg (*c, &opts, &dopts, &err);
      if (!cfg)
        {
          compare_run_clear (&run);
          input_error (err);
        }
      g_ptr_array_add (run.configs, cfg);
    }
  if (!compare_run_check (&run, &err) || !compare_run_plan (&run, &err))
    {
      compare_run_clear (&run);
      input_error (err);
    }
  if (!compare_run_resolve (&run, opts.reprobe, &err))
    {
      fprintf (stderr, "boot-benchmark: %s\n", err->message);
      compare_run_clear (&run);
      return interrupt_requested () ? EXIT_INTERRUPTED : EXIT_FAILURE;
    }
  for (guint k = 0; k < run.configs->len; k++)
    {
      compare_config *c = g_ptr_array_index (run.configs, k);
      if (opts.verbose && c->direct)
        print_command_line (&c->direct_cfg, c->name);
    }
  host_info_gather (&run.host);

  g_autoptr (GError) failure = NULL;
  compare_run_passes (&run, &failure);
  print_failure (failure);
  pass_status status = failure ? (pass_status)failure->code : PASS_OK;

  GArray *rows = compare_rows (&run);
  g_autofree char *json = opt_json ? compare_report_json (&run, rows) : NULL;
  g_autofree char *csv = opt_csv ? compare_report_csv (&run) : NULL;
  gboolean written = write_output (opt_json, json);
  written = write_output (opt_csv, csv) && written;
  compare_report_text (stdout, &run, rows);
  written = finish_stdout () && written;
  compare_rows_free (rows);
  gboolean decided = run.decided;
  compare_run_clear (&run);
  if (status == PASS_INTERRUPTED)
    return EXIT_INTERRUPTED;
  if (status != PASS_OK || !written)
    return EXIT_FAILURE;
  return decided ? EXIT_SUCCESS : EXIT_UNDECIDED;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* Numbers are for scripts too: "Result: 568.2ms" whatever the locale. */
  setlocale (LC_NUMERIC, "C");
  output_stdout_init ();
  accel_kind wanted;
  boot_options_init (&opts, 10, 3);
  parse_options (argc, argv, &wanted);
  check_output (opt_json);
  check_output (opt_csv);
  check_outputs_distinct ();
  interrupt_install ();
  progress_init (opts.quiet);
  if (opt_compare)
    {
      int rc = run_compare ();
      direct_options_clear (&dopts);
      boot_options_clear (&opts);
      g_strfreev (opt_configs);
      return rc;
    }

  /* Direct kernel mode: check everything before any probe or boot. */
  direct_config direct = { 0 };
  g_autoptr (GError) direct_err = NULL;
  if (!direct_options_to_config (&dopts, &opts, ACCEL_TCG, &direct, &direct_err))
    {
      if (direct_options_given (&dopts, TRUE))
        input_error (direct_err);
    }
  appliance_config appliance = boot_options_to_config (&opts, ACCEL_TCG, opts.append);
  appliance.verbose = opts.verbose;
  g_autoptr (boot_target) target
      = direct.kernel ? direct_target_new (&direct) : appliance_target_new (&appliance);

  bench_run run;
  bench_run_init (&run);
  run.passes_requested = opts.passes;
  run.warmup = opts.warmup;
  run.precision_pct = isnan (opt_precision) ? 0 : opt_precision;
  run.max_passes = opt_max_passes;
  run.timeout_s = opts.timeout_s;
  run.notice = print_notice;
  if (direct.kernel)
    run.direct = &direct;

  g_autoptr (GError) err = NULL;
  if (!accel_resolve (target, wanted, opts.reprobe, &run.accel_note, &err))
    {
      fprintf (stderr, "boot-benchmark: %s\n", err->message);
      bench_run_clear (&run);
      direct_config_clear (&direct);
      return interrupt_requested () ? EXIT_INTERRUPTED : EXIT_FAILURE;
    }
  if (run.accel_note)
    fprintf (stderr, "boot-benchmark: %s\n", run.accel_note);
  direct.accel = target->accel;
  if (!bench_run_set_target (&run, target, &err))
    {
      fprintf (stderr, "boot-benchmark: %s\n", err->message);
      bench_run_clear (&run);
      direct_config_clear (&direct);
      return EXIT_FAILURE;
    }
  if (opts.verbose && direct.kernel)
    print_command_line (&direct, NULL);

  g_autoptr (GError) failure = NULL;
  run.complete = bench_run_passes (&run, &failure);
  print_failure (failure);
  pass_status status = failure ? (pass_status)failure->code : PASS_OK;

  bench_summary s;
  bench_summarise (&run, &s);
  /* The files first: a closed standard output must not cost them. */
  g_autofree char *json = opt_json ? bench_report_json (&run, &s) : NULL;
  g_autofree char *csv = opt_csv ? bench_report_csv (&run) : NULL;
  gboolean written = write_output (opt_json, json);
  written = write_output (opt_csv, csv) && written;
  bench_report_text (stdout, &run, &s);
  print_warnings (&run, &s);
  written = finish_stdout () && written;
  gboolean undecided = run.precision_pct > 0 && !run.precision_reached;
  bench_summary_clear (&s);
  bench_run_clear (&run);
  direct_config_clear (&direct);
  direct_options_clear (&dopts);
  boot_options_clear (&opts);

  if (status == PASS_INTERRUPTED)
    return EXIT_INTERRUPTED;
  if (status != PASS_OK || !written)
    return EXIT_FAILURE;
  return undecided ? EXIT_UNDECIDED : EXIT_SUCCESS;
}
