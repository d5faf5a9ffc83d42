/* boot-benchmark: boot and shut down the libguestfs appliance again and again
 * (warm-up passes first, not counted) and report the time with honest
 * statistics, qemu's peak memory, and the accelerator actually used.
 *
 * Exit status: 0 every pass succeeded; 1 runtime failure (launch failed,
 * timeout, KVM unusable when forced, output not written); 2 usage error;
 * 130 interrupted.  Whatever was measured is reported and written in every
 * case. */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "accel.h"
#include "appliance.h"
#include "bench-report.h"
#include "boot-options.h"
#include "interrupt.h"
#include "output.h"
#include "progress.h"

#define EXIT_USAGE 2
#define EXIT_INTERRUPTED 130

static boot_options opts;
static char *opt_json = NULL;
static char *opt_csv = NULL;
static gboolean opt_version = FALSE;

static GOptionEntry entries[] = {
  { "json", 0, 0, G_OPTION_ARG_FILENAME, &opt_json, "Write every pass and the summary as JSON", "FILE" },
  { "csv", 0, 0, G_OPTION_ARG_FILENAME, &opt_csv, "Write one row per pass as CSV", "FILE" },
  { "version", 'V', 0, G_OPTION_ARG_NONE, &opt_version, "Print the version and exit", NULL },
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

static void
parse_options (int argc, char **argv, accel_kind *accel)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_option_context_set_summary (
      ctx, "Boot and shut down the libguestfs appliance repeatedly and report the time.\n"
           "Environment variables libguestfs reads (LIBGUESTFS_BACKEND, LIBGUESTFS_HV,\n"
           "LIBGUESTFS_APPEND, ...) keep working.");
  boot_options_add_entries (ctx, &opts, "libguestfs debug and trace messages on stderr");
  g_option_context_add_main_entries (ctx, entries, NULL);
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
  if (!boot_options_check (&opts, accel, &err))
    usage_error ("%s", err->message);
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

static double
running_mean_ms (const bench_run *run)
{
  double sum = 0;
  guint n = 0;
  for (guint i = 0; i < run->passes->len; i++)
    {
      const measured_pass *p = &g_array_index (run->passes, measured_pass, i);
      if (p->result.status == PASS_OK)
        {
          sum += (double) p->result.wall_ns / 1e6;
          n++;
        }
    }
  return n ? sum / n : 0;
}

static void
show_progress (const bench_run *run, gboolean warming, int k, int64_t start_ns)
{
  double elapsed = (double) (monotonic_ns () - start_ns) / 1e9;
  if (warming)
    progress_update ("warm-up %d/%d  elapsed %.0fs", k, run->warmup, elapsed);
  else if (run->passes->len == 0)
    progress_update ("pass %d/%d  elapsed %.0fs", k, run->passes_requested, elapsed);
  else
    progress_update ("pass %d/%d  elapsed %.0fs  mean so far %.1fms", k,
                     run->passes_requested, elapsed, running_mean_ms (run));
}

/* Run warm-up then measured passes; stop at the first failure.  Returns the
 * failed pass's result status (PASS_OK if all passed). */
static pass_status
run_passes (bench_run *run)
{
  int64_t start = monotonic_ns ();
  for (int k = 1; k <= run->warmup; k++)
    {
      show_progress (run, TRUE, k, start);
      pass_result r;
      appliance_run_pass (&run->config, &r);
      if (r.status != PASS_OK)
        {
          progress_clear ();
          fprintf (stderr, "boot-benchmark: warm-up pass %d: %s\n", k, r.error);
          pass_status s = r.status;
          pass_result_clear (&r);
          return s;
        }
      pass_result_clear (&r);
    }
  for (int k = 1; k <= run->passes_requested; k++)
    {
      show_progress (run, FALSE, k, start);
      measured_pass p = { .pass = (guint) k };
      appliance_run_pass (&run->config, &p.result);
      g_array_append_val (run->passes, p);
      if (p.result.status != PASS_OK)
        {
          progress_clear ();
          fprintf (stderr, "boot-benchmark: pass %d: %s\n", k, p.result.error);
          return p.result.status;
        }
    }
  progress_clear ();
  return PASS_OK;
}

static gboolean
write_outputs (const bench_run *run, const bench_summary *s)
{
  gboolean ok = TRUE;
  g_autoptr (GError) err = NULL;
  if (opt_json)
    {
      g_autofree char *json = bench_report_json (run, s);
      if (!output_write_atomic (opt_json, json, -1, &err))
        {
          fprintf (stderr, "boot-benchmark: %s\n", err->message);
          g_clear_error (&err);
          ok = FALSE;
        }
    }
  if (opt_csv)
    {
      g_autofree char *csv = bench_report_csv (run);
      if (!output_write_atomic (opt_csv, csv, -1, &err))
        {
          fprintf (stderr, "boot-benchmark: %s\n", err->message);
          ok = FALSE;
        }
    }
  return ok;
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
  if (run->config.accel == ACCEL_TCG)
    printf ("note: TCG (software emulation) was used: times are not comparable with KVM\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* Numbers are for scripts too: "Result: 568.2ms" whatever the locale. */
  setlocale (LC_NUMERIC, "C");
  accel_kind wanted;
  boot_options_init (&opts, 10, 3);
  parse_options (argc, argv, &wanted);
  check_output (opt_json);
  check_output (opt_csv);
  interrupt_install ();
  progress_init (opts.quiet);

  bench_run run;
  bench_run_init (&run);
  run.passes_requested = opts.passes;
  run.warmup = opts.warmup;
  run.config = boot_options_to_config (&opts, ACCEL_AUTO, opts.append);
  run.config.verbose = opts.verbose;

  g_autoptr (GError) err = NULL;
  if (wanted != ACCEL_TCG)
    progress_update ("checking whether KVM works...");
  if (!accel_resolve (wanted, opts.reprobe, &run.config.accel, &run.accel_note, &err))
    {
      progress_clear ();
      fprintf (stderr, "boot-benchmark: %s\n", err->message);
      bench_run_clear (&run);
      return interrupt_requested () ? EXIT_INTERRUPTED : EXIT_FAILURE;
    }
  progress_clear ();
  if (run.accel_note)
    fprintf (stderr, "boot-benchmark: %s\n", run.accel_note);

  g_autofree char *config_error = NULL;
  if (!appliance_effective_settings (&run.config, &run.effective_smp,
                                     &run.effective_memsize_mb, &run.effective_append,
                                     &config_error))
    {
      fprintf (stderr, "boot-benchmark: %s\n", config_error);
      bench_run_clear (&run);
      return EXIT_FAILURE;
    }
  host_info_gather (&run.host);

  pass_status status = run_passes (&run);
  run.complete = status == PASS_OK;

  bench_summary s;
  bench_summarise (&run, &s);
  bench_report_text (stdout, &run, &s);
  print_warnings (&run, &s);
  fflush (stdout);
  gboolean written = write_outputs (&run, &s);
  bench_summary_clear (&s);
  bench_run_clear (&run);
  boot_options_clear (&opts);

  if (status == PASS_INTERRUPTED)
    return EXIT_INTERRUPTED;
  return status == PASS_OK && written ? EXIT_SUCCESS : EXIT_FAILURE;
}
