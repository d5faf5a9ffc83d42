/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot-benchmark-range: find the QEMU or kernel commit that changed boot
 * time.  Options -> session (repository, range, work directory, cache) ->
 * bisect or sweep -> text, JSON and CSV reports -> exit code.  The work is in
 * the other files of this directory; see range.h for the map and README.md
 * for the user's side. */

#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "interrupt.h"
#include "output.h"
#include "progress.h"
#include "range.h"

static const char summary[]
    = "Each commit of RANGE (anything git rev-list takes, e.g. A^..B) is built in its\n"
      "own git worktree under the work directory and booted by boot-benchmark; by\n"
      "default a noise-aware bisection finds the first commit whose boot time differs\n"
      "from the first commit's.  Results are cached per commit: rerun to resume.\n"
      "\n"
      "Exit status: 0 a change was found, 3 no change found, 4 inconclusive,\n"
      "1 run-time failure, 2 bad command line or input, 128+N interrupted by signal N.";

static char *
default_boot_benchmark (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  if (self)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      const char *candidates[] = { "../boot-benchmark/boot-benchmark", "boot-benchmark" };
      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *p = g_build_filename (dir, candidates[i], NULL);
          if (g_file_test (p, G_FILE_TEST_IS_EXECUTABLE))
            return g_canonicalize_filename (p, NULL);
        }
    }
  return g_strdup ("boot-benchmark");
}

static gboolean
usage_error (GError **error, const char *message)
{
  g_set_error_literal (error, RANGE_ERROR, RANGE_ERROR_INPUT, message);
  return FALSE;
}

static gboolean
parse_options (int argc, char **argv, range_options *o, GError **error)
{
  gboolean bisect = FALSE, sweep = FALSE, no_cache = FALSE;
  g_autofree char *kind = NULL, *test = NULL;
  o->passes = 10;
  o->max_passes = -1;
  o->warmup = 1;
  o->threshold_pct = 5.0;
  o->alpha = 0.01;
  o->bench_timeout_s = -1;
  GOptionEntry entries[] = {
    { "bisect", 0, 0, G_OPTION_ARG_NONE, &bisect,
      "Find the first changed commit (default)", NULL },
    { "sweep", 0, 0, G_OPTION_ARG_NONE, &sweep,
      "Measure every commit, each against the previous", NULL },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind,
      "What the repository is: qemu (default), kernel, custom", "KIND" },
    { "build", 'b', 0, G_OPTION_ARG_STRING, &o->build_cmd,
      "Build command, run by /bin/sh in the worktree", "CMD" },
    { "benchmark", 0, 0, G_OPTION_ARG_STRING, &o->benchmark_cmd,
      "Benchmark command (--kind custom)", "CMD" },
    { "hv", 0, 0, G_OPTION_ARG_STRING, &o->hv,
      "Hypervisor, relative to the worktree (--kind qemu)", "PATH" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &o->kernel_config,
      "Kernel .config to start from (--kind kernel)", "FILE" },
    { "boot-benchmark", 0, 0, G_OPTION_ARG_FILENAME, &o->boot_benchmark,
      "The boot-benchmark program to run", "PATH" },
    /* No -w: in boot-benchmark, -w is --warmup. */
    { "workdir", 0, 0, G_OPTION_ARG_FILENAME, &o->workdir,
      "Work directory (worktrees, logs, cache)", "DIR" },
    { "passes", 'n', 0, G_OPTION_ARG_INT, &o->passes,
      "Measured passes per commit and round (default 10)", "N" },
    { "max-passes", 0, 0, G_OPTION_ARG_INT, &o->max_passes,
      "Paired passes at most per comparison (default 6 x passes)", "N" },
    { "warmup", 'w', 0, G_OPTION_ARG_INT, &o->warmup,
      "Warm-up passes per benchmark run (default 1)", "N" },
    { "memsize", 'm', 0, G_OPTION_ARG_INT, &o->memsize_mb, "Passed to boot-benchmark",
      "MB" },
    { "smp", 0, 0, G_OPTION_ARG_INT, &o->smp, "Passed to boot-benchmark", "N" },
    { "append", 0, 0, G_OPTION_ARG_STRING, &o->append, "Passed to boot-benchmark",
      "OPTS" },
    { "accel", 0, 0, G_OPTION_ARG_STRING, &o->accel,
      "Passed to boot-benchmark: auto, kvm or tcg", "ACCEL" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &o->timeout_s, "Passed to boot-benchmark", "S" },
    { "bench-timeout", 0, 0, G_OPTION_ARG_INT, &o->bench_timeout_s,
      "Stop a benchmark run after S seconds (default: 300 s or --timeout per pass, "
      "warm-up included, plus 60 s; 0: no limit)",
      "S" },
    { "threshold", 't', 0, G_OPTION_ARG_DOUBLE, &o->threshold_pct,
      "Smallest change that counts, percent (default 5)", "PCT" },
    { "alpha", 0, 0, G_OPTION_ARG_DOUBLE, &o->alpha,
      "Error rate of the whole search (default 0.01)", "P" },
    { "test", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &test, NULL, NULL },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache,
      "Measure again even if results are cached", NULL },
    { "keep-worktrees", 0, 0, G_OPTION_ARG_NONE, &o->keep_worktrees,
      "Leave built worktrees in place", NULL },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &o->json_path,
      "Write every commit's samples and verdict as JSON", "FILE" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &o->csv_path, "Write every sample as CSV",
      "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "No progress line on the terminal",
      NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("REPO RANGE");
  g_option_context_set_summary (ctx, summary);
  g_option_context_add_main_entries (ctx, entries, NULL);
  GError *option_error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &option_error))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT, "%s (try --help)",
                   option_error->message);
      g_error_free (option_error);
      return FALSE;
    }
  if (argc != 3)
    return usage_error (error, "expected REPO and RANGE (try --help)");
  g_autofree char *repo = g_canonicalize_filename (argv[1], NULL);
  o->repo = g_steal_pointer (&repo);
  o->range = g_strdup (argv[2]);
  o->use_cache = !no_cache;

  if (bisect && sweep)
    return usage_error (error, "--bisect and --sweep exclude each other");
  o->mode = sweep ? RANGE_MODE_SWEEP : RANGE_MODE_BISECT;
  if (!kind || strcmp (kind, "qemu") == 0)
    o->kind = RANGE_KIND_QEMU;
  else if (strcmp (kind, "kernel") == 0)
    o->kind = RANGE_KIND_KERNEL;
  else if (strcmp (kind, "custom") == 0)
    o->kind = RANGE_KIND_CUSTOM;
  else
    return usage_error (error, "--kind must be qemu, kernel or custom");
  if (test)
    return usage_error (error, "--test is gone: every verdict uses the paired "
                               "signed-rank estimator (README, Verdicts)");

  if (o->kind == RANGE_KIND_CUSTOM && (!o->benchmark_cmd || !*o->benchmark_cmd))
    return usage_error (error, "--kind custom needs --benchmark CMD");
  if (o->kind == RANGE_KIND_CUSTOM && (!o->build_cmd || !*o->build_cmd))
    return usage_error (error, "--kind custom needs --build CMD (--build true if "
                               "nothing is to be built)");
  if (o->build_cmd && !*o->build_cmd)
    return usage_error (error, "--build needs a command");
  if (o->kind != RANGE_KIND_CUSTOM && o->benchmark_cmd)
    return usage_error (error, "--benchmark is for --kind custom; qemu and kernel run "
                               "boot-benchmark");
  if (o->hv && o->kind != RANGE_KIND_QEMU)
    return usage_error (error, "--hv is for --kind qemu");
  if (o->kernel_config && o->kind != RANGE_KIND_KERNEL)
    return usage_error (error, "--config is for --kind kernel");
  /* A fresh worktree has no .config: olddefconfig would build for hours a
   * kernel of bare Kconfig defaults, which cannot boot the appliance. */
  if (o->kind == RANGE_KIND_KERNEL && !o->kernel_config && !o->build_cmd)
    return usage_error (error, "--kind kernel needs --config FILE, e.g. "
                               "/boot/config-$(uname -r), or a --build CMD that "
                               "configures the kernel itself");
  if (o->kernel_config && !g_file_test (o->kernel_config, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT, "--config %s: no such file",
                   o->kernel_config);
      return FALSE;
    }
  if (o->kernel_config)
    {
      char *abs = g_canonicalize_filename (o->kernel_config, NULL);
      g_free (o->kernel_config);
      o->kernel_config = abs;
    }
  /* One pass a round is fine: pairs add up over the rounds, and the plan
   * below refuses a --max-passes that cannot reach a verdict. */
  if (o->passes < 1)
    return usage_error (error, "--passes must be at least 1");
  if (o->max_passes < 0)
    o->max_passes = 6 * o->passes;
  if (o->max_passes < o->passes)
    return usage_error (error, "--max-passes must be at least --passes");
  if (o->warmup < 0 || o->memsize_mb < 0 || o->smp < 0 || o->timeout_s < 0)
    return usage_error (error,
                        "--warmup, --memsize, --smp and --timeout cannot be negative");
  if (o->bench_timeout_s < -1)
    return usage_error (error, "--bench-timeout cannot be negative (0: no limit)");
  if (!(o->threshold_pct > 0 && o->threshold_pct < 1000))
    return usage_error (error, "--threshold must be a percentage above 0");
  if (!(o->alpha > 0 && o->alpha < 1))
    return usage_error (error, "--alpha must lie between 0 and 1");
  if (!o->boot_benchmark)
    o->boot_benchmark = default_boot_benchmark ();
  else if (strchr (o->boot_benchmark, '/'))
    {
      /* It runs in each worktree: a relative path must not be taken from
       * there.  A bare name is looked up in $PATH. */
      char *abs = g_canonicalize_filename (o->boot_benchmark, NULL);
      g_free (o->boot_benchmark);
      o->boot_benchmark = abs;
    }
  if (o->workdir)
    {
      char *abs = g_canonicalize_filename (o->workdir, NULL);
      g_free (o->workdir);
      o->workdir = abs;
    }
  GError *write_error = NULL;
  const output_file_option outputs[]
      = { { "--json", o->json_path }, { "--csv", o->csv_path }, { NULL } };
  const output_file_option inputs[] = { { "--config", o->kernel_config }, { NULL } };
  if ((o->json_path && !output_check_writable (o->json_path, &write_error))
      || (o->csv_path && !output_check_writable (o->csv_path, &write_error))
      || !output_check_distinct (outputs, inputs, &write_error))
    {
      g_set_error_literal (error, RANGE_ERROR, RANGE_ERROR_INPUT, write_error->message);
      g_error_free (write_error);
      return FALSE;
    }
  return TRUE;
}

/* Errors may quote git, a build or a file: made printable. */
static void
print_error (const GError *error)
{
  g_autofree char *msg = output_printable (error->message);
  g_printerr ("boot-benchmark-range: error: %s\n", msg);
}

static void
options_clear (range_options *o)
{
  g_free (o->repo);
  g_free (o->range);
  g_free (o->build_cmd);
  g_free (o->benchmark_cmd);
  g_free (o->hv);
  g_free (o->kernel_config);
  g_free (o->boot_benchmark);
  g_free (o->workdir);
  g_free (o->append);
  g_free (o->accel);
  g_free (o->json_path);
  g_free (o->csv_path);
}

static int
exit_code_for (const GError *error)
{
  if (g_error_matches (error, RANGE_ERROR, RANGE_ERROR_INPUT))
    return RANGE_EXIT_USAGE;
  if (g_error_matches (error, RANGE_ERROR, RANGE_ERROR_INTERRUPTED))
    return 128 + (interrupt_signal () ? interrupt_signal () : 2);
  return RANGE_EXIT_FAILURE;
}

static gboolean
write_exports (const range_session *s, const range_result *r)
{
  gboolean ok = TRUE;
  struct
  {
    const char *path;
    char *(*render) (const range_session *, const range_result *);
  } outputs[] = { { s->opts->json_path, range_report_json },
                  { s->opts->csv_path, range_report_csv } };
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      if (!outputs[i].path)
        continue;
      g_autofree char *text = outputs[i].render (s, r);
      g_autoptr (GError) error = NULL;
      if (!output_write_atomic (outputs[i].path, text, -1, &error))
        {
          print_error (error);
          ok = FALSE;
        }
    }
  return ok;
}

static int
outcome_exit_code (range_outcome o)
{
  switch (o)
    {
    case RANGE_OUTCOME_CHANGED:
      return RANGE_EXIT_CHANGED;
    case RANGE_OUTCOME_NO_CHANGE:
      return RANGE_EXIT_NO_CHANGE;
    case RANGE_OUTCOME_INCONCLUSIVE:
      return RANGE_EXIT_INCONCLUSIVE;
    case RANGE_OUTCOME_INTERRUPTED:
      break;
    }
  return RANGE_EXIT_FAILURE;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C"); /* 1013.7ms, never 1013,7ms: scripts parse it */
  output_stdout_init ();
  range_options opts = { 0 };
  g_autoptr (GError) error = NULL;
  if (!parse_options (argc, argv, &opts, &error))
    {
      print_error (error);
      options_clear (&opts);
      return RANGE_EXIT_USAGE;
    }
  interrupt_install ();
  progress_init (opts.quiet);

  range_session *s = range_session_new (&opts, &error);
  if (!s)
    {
      print_error (error);
      int code = exit_code_for (error);
      options_clear (&opts);
      return code;
    }
  range_report_header (stdout, s);
  range_result result;
  range_result_init (&result);
  gboolean ok = opts.mode == RANGE_MODE_BISECT ? range_bisect (s, &result, &error)
                                               : range_sweep (s, &result, &error);
  progress_clear ();
  gboolean interrupted = g_error_matches (error, RANGE_ERROR, RANGE_ERROR_INTERRUPTED);
  if (interrupted)
    result.outcome = RANGE_OUTCOME_INTERRUPTED;
  /* The files first: a closed standard output must not cost them. */
  gboolean written = write_exports (s, &result);
  int code;
  if (ok || interrupted)
    range_report_verdict (stdout, s, &result);
  if (ok)
    code = outcome_exit_code (result.outcome);
  else
    {
      if (interrupted)
        g_printerr ("boot-benchmark-range: interrupted: rerun the same command to "
                    "resume from the cache\n");
      else
        print_error (error);
      code = exit_code_for (error);
    }
  g_autoptr (GError) stdout_error = NULL;
  if (!output_stdout_finish (&stdout_error))
    {
      g_printerr ("boot-benchmark-range: error: %s\n", stdout_error->message);
      written = FALSE;
    }
  if (!written && code != RANGE_EXIT_FAILURE && ok)
    code = RANGE_EXIT_FAILURE;
  range_result_clear (&result);
  range_session_free (s);
  options_clear (&opts);
  return code;
}
