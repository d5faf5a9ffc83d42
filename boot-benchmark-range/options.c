/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.c: boot-benchmark-range's command line -> range_options.  Every
 * check a command line can fail is made here, before anything is built or
 * run; each failure is one RANGE_ERROR_INPUT naming the option. */

#include <config.h>

#include <string.h>

#include "output.h"
#include "range.h"

static const char summary[]
    = "Each commit of RANGE (anything git rev-list takes, e.g. A^..B) is built in the\n"
      "tool's build tree under the work directory, incrementally, its artifacts kept,\n"
      "and booted by boot-benchmark; by\n"
      "default a noise-aware bisection finds the first commit whose boot time differs\n"
      "from the first commit's.  Results are cached per commit: rerun to resume.\n"
      "\n"
      "Exit status: 0 a change was found, 3 no change found, 4 inconclusive,\n"
      "1 run-time failure, 2 bad command line or input, 128+N interrupted by signal N.\n"
      "With --judge-against (for git bisect run): 0 same, 1 changed, 125 skip\n"
      "(no build, inconclusive), 255 failure.";

/* What the command line says that range_options holds in another form. */
typedef struct
{
  gboolean bisect;
  gboolean sweep;
  gboolean no_cache;
  gboolean no_ccache;
  char *kind;
  char *test;
} option_words;

static gboolean
input_error (GError **error, const char *message)
{
  g_set_error_literal (error, RANGE_ERROR, RANGE_ERROR_INPUT, message);
  return FALSE;
}

static void
set_defaults (range_options *o)
{
  o->passes = 10;
  o->max_passes = -1;
  o->warmup = 1;
  o->threshold_pct = 5.0;
  o->alpha = 0.01;
  o->bench_timeout_s = -1;
}

/* What to search, and how each commit is built and run.  (The context keeps
 * a copy of the entries.) */
static void
add_search_entries (GOptionContext *ctx, range_options *o, option_words *w)
{
  GOptionEntry entries[] = {
    { "bisect", 0, 0, G_OPTION_ARG_NONE, &w->bisect,
      "Find the first changed commit (default)", NULL },
    { "sweep", 0, 0, G_OPTION_ARG_NONE, &w->sweep,
      "Measure every commit, each against the previous", NULL },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &w->kind,
      "What the repository is: qemu (default), kernel, custom", "KIND" },
    { "build", 'b', 0, G_OPTION_ARG_STRING, &o->build_cmd,
      "Build command, run by /bin/sh in the build tree", "CMD" },
    { "benchmark", 0, 0, G_OPTION_ARG_STRING, &o->benchmark_cmd,
      "Benchmark command (--kind custom)", "CMD" },
    { "hv", 0, 0, G_OPTION_ARG_STRING, &o->hv,
      "Hypervisor, relative to the build tree (--kind qemu)", "PATH" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &o->kernel_config,
      "Kernel .config to start from (--kind kernel)", "FILE" },
    { "boot-benchmark", 0, 0, G_OPTION_ARG_FILENAME, &o->boot_benchmark,
      "The boot-benchmark program to run", "PATH" },
    /* No -w: in boot-benchmark, -w is --warmup. */
    { "workdir", 0, 0, G_OPTION_ARG_FILENAME, &o->workdir,
      "Work directory (build tree, artifacts, logs, cache)", "DIR" },
    { NULL },
  };
  g_option_context_add_main_entries (ctx, entries, NULL);
}

/* How much is measured, what boot-benchmark is given, and what counts. */
static void
add_measure_entries (GOptionContext *ctx, range_options *o, option_words *w)
{
  GOptionEntry entries[] = {
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
      "Error rate of each comparison (default 0.01)", "P" },
    { "test", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &w->test, NULL, NULL },
    { NULL },
  };
  g_option_context_add_main_entries (ctx, entries, NULL);
}

/* The cache, the worktrees and what is written. */
static void
add_output_entries (GOptionContext *ctx, range_options *o, option_words *w)
{
  GOptionEntry entries[] = {
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &w->no_cache,
      "Measure again even if results are cached", NULL },
    { "retry-failed", 0, 0, G_OPTION_ARG_NONE, &o->retry_failed,
      "Build again the commits whose build failed before", NULL },
    { "build-timeout", 0, 0, G_OPTION_ARG_INT, &o->build_timeout_s,
      "Stop a build after S seconds (default 0: no limit)", "S" },
    { "source-cache", 0, 0, G_OPTION_ARG_FILENAME, &o->source_cache,
      "Meson subprojects and git submodules to build offline with", "DIR" },
    { "remove-tree", 0, 0, G_OPTION_ARG_NONE, &o->remove_tree,
      "Remove the build tree at the end (artifacts stay)", NULL },
    { "no-ccache", 0, 0, G_OPTION_ARG_NONE, &w->no_ccache,
      "Do not put ccache in front of the compiler", NULL },
    { "judge-against", 0, 0, G_OPTION_ARG_STRING, &o->judge_against,
      "For git bisect run: HEAD against this baseline; exit 0 same, 1 changed, 125 "
      "skip",
      "COMMIT" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &o->json_path,
      "Write every commit's samples and verdict as JSON", "FILE" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &o->csv_path, "Write every sample as CSV",
      "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "No progress line on the terminal",
      NULL },
    { NULL },
  };
  g_option_context_add_main_entries (ctx, entries, NULL);
}

/* The options, then REPO and RANGE. */
static gboolean
parse_command_line (int argc, char **argv, range_options *o, option_words *w,
                    GError **error)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new ("REPO RANGE");
  g_option_context_set_summary (ctx, summary);
  add_search_entries (ctx, o, w);
  add_measure_entries (ctx, o, w);
  add_output_entries (ctx, o, w);
  g_autoptr (GError) option_error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &option_error))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT, "%s (try --help)",
                   option_error->message);
      return FALSE;
    }
  if (o->judge_against)
    {
      /* git bisect run runs us in the repository, at the commit to judge. */
      if (argc > 2)
        return input_error (error, "--judge-against takes REPO (default .) and no "
                                   "RANGE: it judges REPO's HEAD (try --help)");
      o->range = g_strdup_printf ("%s HEAD", o->judge_against);
    }
  else if (argc != 3)
    return input_error (error, "expected REPO and RANGE (try --help)");
  else
    o->range = g_strdup (argv[2]);
  o->repo = g_canonicalize_filename (argc > 1 ? argv[1] : ".", NULL);
  return TRUE;
}

/* --bisect or --sweep, --kind, the cache, and --test's departure. */
static gboolean
take_words (const option_words *w, range_options *o, GError **error)
{
  o->use_cache = !w->no_cache;
  o->use_ccache = !w->no_ccache;
  if (w->bisect && w->sweep)
    return input_error (error, "--bisect and --sweep exclude each other");
  if (o->judge_against && (w->bisect || w->sweep))
    return input_error (error, "--judge-against excludes --bisect and --sweep");
  o->mode = o->judge_against ? RANGE_MODE_JUDGE
            : w->sweep       ? RANGE_MODE_SWEEP
                             : RANGE_MODE_BISECT;
  if (!w->kind || strcmp (w->kind, "qemu") == 0)
    o->kind = RANGE_KIND_QEMU;
  else if (strcmp (w->kind, "kernel") == 0)
    o->kind = RANGE_KIND_KERNEL;
  else if (strcmp (w->kind, "custom") == 0)
    o->kind = RANGE_KIND_CUSTOM;
  else
    return input_error (error, "--kind must be qemu, kernel or custom");
  if (w->test)
    return input_error (error, "--test is gone: every verdict uses the paired "
                               "signed-rank estimator (README, Verdicts)");
  return TRUE;
}

/* Each kind's own options: what it needs, and what belongs to another kind. */
static gboolean
check_kind_options (const range_options *o, GError **error)
{
  gboolean custom = o->kind == RANGE_KIND_CUSTOM;
  if (custom && (!o->benchmark_cmd || !*o->benchmark_cmd))
    return input_error (error, "--kind custom needs --benchmark CMD");
  if (custom && (!o->build_cmd || !*o->build_cmd))
    return input_error (error, "--kind custom needs --build CMD (--build true if "
                               "nothing is to be built)");
  if (o->build_cmd && !*o->build_cmd)
    return input_error (error, "--build needs a command");
  if (!custom && o->benchmark_cmd)
    return input_error (error, "--benchmark is for --kind custom; qemu and kernel run "
                               "boot-benchmark");
  if (o->hv && o->kind != RANGE_KIND_QEMU)
    return input_error (error, "--hv is for --kind qemu");
  if (o->kernel_config && o->kind != RANGE_KIND_KERNEL)
    return input_error (error, "--config is for --kind kernel");
  /* A fresh worktree has no .config: olddefconfig would build for hours a
   * kernel of bare Kconfig defaults, which cannot boot the appliance. */
  if (o->kind == RANGE_KIND_KERNEL && !o->kernel_config && !o->build_cmd)
    return input_error (error, "--kind kernel needs --config FILE, e.g. "
                               "/boot/config-$(uname -r), or a --build CMD that "
                               "configures the kernel itself");
  if (o->kernel_config && !g_file_test (o->kernel_config, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT, "--config %s: no such file",
                   o->kernel_config);
      return FALSE;
    }
  return TRUE;
}

/* Pass counts, limits, the threshold and alpha. */
static gboolean
check_numbers (range_options *o, GError **error)
{
  /* One pass a round is fine: pairs add up over the rounds, and the plan
   * refuses a --max-passes that cannot reach a verdict. */
  if (o->passes < 1)
    return input_error (error, "--passes must be at least 1");
  if (o->max_passes < 0)
    o->max_passes = 6 * o->passes;
  if (o->max_passes < o->passes)
    return input_error (error, "--max-passes must be at least --passes");
  if (o->warmup < 0 || o->memsize_mb < 0 || o->smp < 0 || o->timeout_s < 0)
    return input_error (error,
                        "--warmup, --memsize, --smp and --timeout cannot be negative");
  if (o->bench_timeout_s < -1)
    return input_error (error, "--bench-timeout cannot be negative (0: no limit)");
  if (o->build_timeout_s < 0)
    return input_error (error, "--build-timeout cannot be negative (0: no limit)");
  if (o->source_cache && !g_file_test (o->source_cache, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT,
                   "--source-cache %s: no such directory", o->source_cache);
      return FALSE;
    }
  if (!(o->threshold_pct > 0 && o->threshold_pct < 1000))
    return input_error (error, "--threshold must be a percentage above 0");
  if (!(o->alpha > 0 && o->alpha < 1))
    return input_error (error, "--alpha must lie between 0 and 1");
  return TRUE;
}

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

static void
make_absolute (char **path)
{
  char *abs = g_canonicalize_filename (*path, NULL);
  g_free (*path);
  *path = abs;
}

/* Everything runs in a worktree: paths given relative to here are made
 * absolute; a bare boot-benchmark name is looked up in $PATH. */
static void
resolve_paths (range_options *o)
{
  if (o->kernel_config)
    make_absolute (&o->kernel_config);
  if (!o->boot_benchmark)
    o->boot_benchmark = default_boot_benchmark ();
  else if (strchr (o->boot_benchmark, '/'))
    make_absolute (&o->boot_benchmark);
  if (o->workdir)
    make_absolute (&o->workdir);
  if (o->source_cache)
    make_absolute (&o->source_cache);
}

/* --json and --csv can be written, and replace neither each other nor
 * --config. */
static gboolean
check_outputs (const range_options *o, GError **error)
{
  g_autoptr (GError) write_error = NULL;
  const output_file_option outputs[]
      = { { "--json", o->json_path }, { "--csv", o->csv_path }, { NULL } };
  const output_file_option inputs[] = { { "--config", o->kernel_config }, { NULL } };
  if ((o->json_path && !output_check_writable (o->json_path, &write_error))
      || (o->csv_path && !output_check_writable (o->csv_path, &write_error))
      || !output_check_distinct (outputs, inputs, &write_error))
    return input_error (error, write_error->message);
  return TRUE;
}

gboolean
range_options_parse (int argc, char **argv, range_options *o, GError **error)
{
  option_words w = { 0 };
  set_defaults (o);
  gboolean ok = parse_command_line (argc, argv, o, &w, error) && take_words (&w, o, error)
                && check_kind_options (o, error) && check_numbers (o, error);
  g_free (w.kind);
  g_free (w.test);
  if (!ok)
    return FALSE;
  resolve_paths (o);
  return check_outputs (o, error);
}

void
range_options_clear (range_options *o)
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
  g_free (o->source_cache);
  g_free (o->judge_against);
  memset (o, 0, sizeof *o);
}
