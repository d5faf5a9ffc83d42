/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot-benchmark: boot and shut down the libguestfs appliance (or a kernel,
 * directly) again and again (warm-up passes first, not counted) and report
 * the time with honest statistics, qemu's peak memory, and the accelerator
 * actually used; --precision adds passes until the mean is known well
 * enough, --compare measures configurations in interleaved rounds until
 * every comparison is clear.  The command line is bench-options.c's; the
 * passes, statistics and reports are the library's.
 *
 * Exit status: 0 every pass succeeded (and --precision was reached, every
 * --compare comparison decided); 1 runtime failure (launch failed, timeout,
 * KVM unusable when forced, output not written); 2 usage error; 4
 * --precision not reached or a comparison still inconclusive at
 * --max-passes; 130 interrupted.  Whatever was measured is reported and
 * written in every case. */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "accel.h"
#include "appliance.h"
#include "bench-options.h"
#include "bench-report.h"
#include "bench-run.h"
#include "compare-report.h"
#include "compare.h"
#include "direct-boot.h"
#include "interrupt.h"
#include "output.h"
#include "progress.h"
#include "tool-error.h"

/* How a run that measured ended, when no error says more. */
typedef enum
{
  RUN_DONE,
  RUN_UNDECIDED,   /* --precision not reached, a comparison inconclusive: exit 4 */
  RUN_NOT_WRITTEN, /* an output (or standard output) failed, already said: exit 1 */
} run_outcome;

static void
print_error (const GError *error)
{
  g_autofree char *text = tool_error_text (error);
  progress_clear ();
  fprintf (stderr, "boot-benchmark: %s\n", text);
}

/* What a run says while it runs (the noise guard, a load rise, why auto
 * chose TCG): always, on stderr. */
static void
print_notice (const char *text, gpointer data)
{
  (void)data;
  g_autofree char *msg = output_printable (text); /* may hold a configuration's name */
  fprintf (stderr, "boot-benchmark: %s\n", msg);
}

/* --verbose with --kernel: the QEMU command line, on stderr. */
static void
print_command_line (const direct_config *d, const char *label)
{
  g_autofree char *line = direct_qemu_command_line (d);
  fprintf (stderr, "boot-benchmark: %s%s%s\n", label ? label : "", label ? ": " : "",
           line);
}

/* One output file (path NULL: not asked for); a failure is said. */
static gboolean
write_output (const char *path, const char *text)
{
  g_autoptr (GError) error = NULL;
  if (!path || output_write_atomic (path, text, -1, &error))
    return TRUE;
  print_error (error);
  return FALSE;
}

/* The report is out: a broken standard output is said. */
static gboolean
finish_stdout (void)
{
  g_autoptr (GError) error = NULL;
  if (output_stdout_finish (&error))
    return TRUE;
  print_error (error);
  return FALSE;
}

/* The appliance, or --kernel when given (its options checked before
 * anything boots: a usage error). */
static boot_target *
single_target (const bench_options *o, direct_config *direct, GError **error)
{
  g_autoptr (GError) err = NULL;
  if (!direct_options_to_config (&o->direct, &o->boot, ACCEL_TCG, direct, &err)
      && direct_options_given (&o->direct, TRUE))
    {
      g_propagate_error (error, g_steal_pointer (&err));
      tool_usage_error (error);
      return NULL;
    }
  if (direct->kernel)
    return direct_target_new (direct);
  appliance_config appliance
      = boot_options_to_config (&o->boot, ACCEL_TCG, o->boot.append);
  appliance.verbose = o->boot.verbose;
  return appliance_target_new (&appliance);
}

/* The accelerator (probed if need be) and the facts the report states. */
static gboolean
prepare_single (const bench_options *o, bench_run *run, boot_target *t,
                direct_config *direct, GError **error)
{
  if (!accel_resolve (t, o->accel, o->boot.reprobe, &run->accel_note, error))
    return FALSE;
  if (run->accel_note)
    print_notice (run->accel_note, NULL);
  direct->accel = t->accel;
  if (direct->kernel)
    run->direct = direct;
  if (!bench_run_set_target (run, t, error))
    return FALSE;
  if (o->boot.verbose && direct->kernel)
    print_command_line (direct, NULL);
  return TRUE;
}

/* The passes, then the reports: the files first, as a closed standard
 * output must not cost them.  A failed pass is the error. */
static run_outcome
measure_single (const bench_options *o, bench_run *run, GError **error)
{
  run->complete = bench_run_passes (run, error);
  bench_summary s;
  bench_summarise (run, &s);
  g_autofree char *json = o->json ? bench_report_json (run, &s) : NULL;
  g_autofree char *csv = o->csv ? bench_report_csv (run) : NULL;
  gboolean written = write_output (o->json, json);
  written = write_output (o->csv, csv) && written;
  bench_report_text (stdout, run, &s);
  bench_report_warnings (stdout, run, &s);
  written = finish_stdout () && written;
  bench_summary_clear (&s);
  if (!written)
    return RUN_NOT_WRITTEN;
  return run->precision_pct > 0 && !run->precision_reached ? RUN_UNDECIDED : RUN_DONE;
}

/* One configuration: a fixed number of passes, or --precision. */
static run_outcome
run_single (const bench_options *o, GError **error)
{
  direct_config direct = { 0 };
  g_autoptr (boot_target) t = single_target (o, &direct, error);
  bench_run run;
  bench_run_init (&run);
  run.passes_requested = o->boot.passes;
  run.warmup = o->boot.warmup;
  run.precision_pct = o->precision_pct;
  run.max_passes = o->max_passes;
  run.timeout_s = o->boot.timeout_s;
  run.hooks.notice = print_notice;
  run_outcome outcome = RUN_DONE;
  if (t && prepare_single (o, &run, t, &direct, error))
    outcome = measure_single (o, &run, error);
  bench_run_clear (&run);
  direct_config_clear (&direct);
  return outcome;
}

/* The configurations, from --compare-file or --config: usage errors. */
static gboolean
load_configs (const bench_options *o, compare_run *run, GError **error)
{
  if (o->compare_file)
    {
      GPtrArray *configs
          = compare_configs_load_file (o->compare_file, &o->boot, &o->direct, error);
      if (!configs)
        return tool_usage_error (error);
      g_ptr_array_extend_and_steal (run->configs, configs);
    }
  for (char **arg = o->configs; arg && *arg; arg++)
    {
      compare_config *c = compare_config_parse_arg (*arg, &o->boot, &o->direct, error);
      if (!c)
        return tool_usage_error (error);
      g_ptr_array_add (run->configs, c);
    }
  if (!compare_run_check (run, error) || !compare_run_plan (run, error))
    return tool_usage_error (error);
  return TRUE;
}

/* Each configuration's accelerator, and with --verbose the command lines. */
static gboolean
prepare_compare (const bench_options *o, compare_run *run, GError **error)
{
  if (!compare_run_resolve (run, o->boot.reprobe, error))
    return FALSE;
  for (guint k = 0; k < run->configs->len && o->boot.verbose; k++)
    {
      const compare_config *c = g_ptr_array_index (run->configs, k);
      if (c->direct)
        print_command_line (&c->direct_cfg, c->name);
    }
  host_info_gather (&run->host);
  return TRUE;
}

/* The rounds, then the reports (files first).  A failed pass is the error. */
static run_outcome
measure_compare (const bench_options *o, compare_run *run, GError **error)
{
  compare_run_passes (run, error);
  GArray *rows = compare_rows (run);
  g_autofree char *json = o->json ? compare_report_json (run, rows) : NULL;
  g_autofree char *csv = o->csv ? compare_report_csv (run) : NULL;
  gboolean written = write_output (o->json, json);
  written = write_output (o->csv, csv) && written;
  compare_report_text (stdout, run, rows);
  written = finish_stdout () && written;
  compare_rows_free (rows);
  if (!written)
    return RUN_NOT_WRITTEN;
  return run->decided ? RUN_DONE : RUN_UNDECIDED;
}

/* --compare: configurations measured in interleaved rounds. */
static run_outcome
run_compare (const bench_options *o, GError **error)
{
  compare_run run;
  compare_run_init (&run);
  run.passes = o->boot.passes;
  run.max_passes = o->max_passes;
  run.warmup = o->boot.warmup;
  run.alpha = o->alpha;
  run.threshold_pct = o->threshold_pct;
  run.seed = o->seed;
  run.hooks.notice = print_notice;
  run_outcome outcome = RUN_DONE;
  if (load_configs (o, &run, error) && prepare_compare (o, &run, error))
    outcome = measure_compare (o, &run, error);
  compare_run_clear (&run);
  return outcome;
}

/* The one place where an end becomes an exit status (and an error is said). */
static int
exit_code_for (run_outcome outcome, const GError *error)
{
  if (error)
    {
      print_error (error);
      return tool_exit_code (error);
    }
  if (outcome == RUN_NOT_WRITTEN)
    return TOOL_EXIT_FAILURE;
  return outcome == RUN_UNDECIDED ? TOOL_EXIT_UNDECIDED : EXIT_SUCCESS;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* Numbers are for scripts too: "Result: 568.2ms" whatever the locale. */
  setlocale (LC_NUMERIC, "C");
  output_stdout_init ();
  bench_options o;
  g_autoptr (GError) error = NULL;
  run_outcome outcome = RUN_DONE;
  if (bench_options_parse (&o, argc, argv, &error) && o.version)
    printf ("boot-benchmark %s\n", PACKAGE_VERSION);
  else if (!error && bench_options_check_outputs (&o, &error))
    {
      interrupt_install ();
      progress_init (o.boot.quiet);
      outcome = o.compare ? run_compare (&o, &error) : run_single (&o, &error);
    }
  int code = exit_code_for (outcome, error);
  bench_options_clear (&o);
  return code;
}
