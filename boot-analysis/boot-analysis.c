/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot-analysis: split the boot of the libguestfs appliance into activities
 * (firmware, kernel, each initcall and module, /init steps, the daemon,
 * shutdown) using rules from a data file, over several passes, and report a
 * timeline, the longest activities, and optionally JSON and SVG.
 *
 * Either boots the appliance (--passes, --warmup, ...) or replays a capture
 * saved with --save, or a plain serial-console log (--replay FILE).
 *
 * Exit status: 0 success; 1 runtime failure (a pass failed, a mandatory rule
 * did not match, an output was not written); 2 usage error; 130 interrupted
 * before any pass completed. */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "accel.h"
#include "analyse.h"
#include "appliance.h"
#include "boot-options.h"
#include "capture-io.h"
#include "capture-run.h"
#include "capture.h"
#include "direct-boot.h"
#include "direct-options.h"
#include "hostinfo.h"
#include "interrupt.h"
#include "model-json.h"
#include "output.h"
#include "progress.h"
#include "report-analysis-json.h"
#include "report-svg.h"
#include "replay.h"
#include "report-timeline.h"
#include "report-trace.h"
#include "rules.h"

#define EXIT_USAGE 2
#define EXIT_INTERRUPTED 130
#define ANALYSIS_APPEND "ignore_loglevel initcall_debug guestfs_boot_analysis=1"
#define ANALYSIS_DIRECT_APPEND "ignore_loglevel initcall_debug"

static boot_options opts;
static direct_options dopts;
static direct_config direct;  /* --kernel: what is booted */
static gboolean opt_colour = FALSE;
static gboolean opt_no_colour = FALSE;
static char *opt_rules = NULL;
static int opt_top = 0;
static char *opt_json = NULL;
static char *opt_svg = NULL;
static gboolean opt_svg_all = FALSE;
static char *opt_trace = NULL;
static gboolean opt_trace_lines = FALSE;
static char *opt_save = NULL;
static char *opt_replay = NULL;
static gboolean opt_version = FALSE;

static GOptionEntry entries[] = {
  { "colour", 0, 0, G_OPTION_ARG_NONE, &opt_colour,
    "Colour the timeline even when not on a terminal", NULL },
  { "color", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_colour, NULL, NULL },
  { "no-colour", 0, 0, G_OPTION_ARG_NONE, &opt_no_colour, "Never colour the timeline",
    NULL },
  { "no-color", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_no_colour, NULL, NULL },
  { "rules", 0, 0, G_OPTION_ARG_FILENAME, &opt_rules,
    "Activity rules instead of the installed ones", "FILE" },
  { "top", 0, 0, G_OPTION_ARG_INT, &opt_top,
    "List only the N longest activities (default: all)", "N" },
  { "json", 0, 0, G_OPTION_ARG_FILENAME, &opt_json,
    "Write events, activities and statistics as JSON", "FILE" },
  { "svg", 0, 0, G_OPTION_ARG_FILENAME, &opt_svg,
    "Write a Gantt chart of the activities as SVG", "FILE" },
  { "svg-all", 0, 0, G_OPTION_ARG_NONE, &opt_svg_all,
    "Give every activity its own row in the SVG (default: fold those under 0.5% of "
    "the run)", NULL },
  { "trace", 0, 0, G_OPTION_ARG_FILENAME, &opt_trace,
    "Write the passes as a Chrome trace (JSON) for Perfetto or chrome://tracing", "FILE" },
  { "trace-lines", 0, 0, G_OPTION_ARG_NONE, &opt_trace_lines,
    "Put every console line in the --trace file too", NULL },
  { "save", 0, 0, G_OPTION_ARG_FILENAME, &opt_save,
    "Save every pass's events (JSON Lines) for --replay", "FILE" },
  { "replay", 0, 0, G_OPTION_ARG_FILENAME, &opt_replay,
    "Analyse a saved capture or a console log; boot nothing", "FILE" },
  { "version", 'V', 0, G_OPTION_ARG_NONE, &opt_version, "Print the version and exit",
    NULL },
  { NULL }
};

static void G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN usage_error (const char *fmt, ...)
{
  /* Printed straight from the arguments: nothing allocated is left at exit. */
  va_list ap;
  va_start (ap, fmt);
  fputs ("boot-analysis: ", stderr);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputs (" (see --help)\n", stderr);
  exit (EXIT_USAGE);
}

static void G_GNUC_NORETURN
die (const GError *err, int status)
{
  progress_clear ();
  /* Messages may quote a file's contents (GKeyFile does): made printable. */
  char *msg = output_printable (err->message);
  fprintf (stderr, "boot-analysis: %s\n", msg);
  g_free (msg);
  exit (status);
}

static void
parse_options (int argc, char **argv, accel_kind *accel)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_option_context_set_summary (
      ctx, "Boot the libguestfs appliance and split the boot into activities\n"
           "(firmware, kernel, initcalls, modules, /init, daemon, shutdown), or replay\n"
           "a saved capture or a serial-console log with --replay.");
  boot_options_add_entries (ctx, &opts, "Say what is being done on stderr");
  direct_options_add_entries (ctx, &dopts);
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) err = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &err))
    usage_error ("%s", err->message);
  if (opt_version)
    {
      printf ("boot-analysis %s\n", PACKAGE_VERSION);
      exit (EXIT_SUCCESS);
    }
  if (argc > 1)
    usage_error ("unexpected argument '%s'", argv[1]);
  if (!boot_options_check (&opts, accel, &err))
    usage_error ("%s", err->message);
  if (opt_top < 0)
    usage_error ("--top must be 0 (all) or more, not %d", opt_top);
  if (opt_svg_all && !opt_svg)
    usage_error ("--svg-all needs --svg FILE");
  if (opt_trace_lines && !opt_trace)
    usage_error ("--trace-lines needs --trace FILE");
  if (opt_colour && opt_no_colour)
    usage_error ("--colour and --no-colour contradict each other");
  /* No output may replace an input, however the two are spelt. */
  const output_file_option outputs[]
      = { { "--json", opt_json }, { "--svg", opt_svg }, { "--save", opt_save },
          { "--trace", opt_trace }, { NULL } };
  const output_file_option inputs[]
      = { { "--replay", opt_replay }, { "--rules", opt_rules }, { "--kernel", dopts.kernel },
          { "--initrd", dopts.initrd }, { "--bios", dopts.bios }, { NULL } };
  if (!output_check_distinct (outputs, inputs, &err))
    usage_error ("%s", err->message);
  if (opt_replay
      && (dopts.kernel || dopts.initrd || dopts.qemu || dopts.machine || dopts.bios
          || dopts.cpus))
    usage_error ("--replay boots nothing: of the direct kernel options only --ready "
                 "goes with it");
}

/* --kernel: check the files, --machine and --ready before anything boots
 * (exit 2 with one line); the analysis adds initcall_debug to the kernel
 * command line. */
static void
prepare_direct (void)
{
  if (opt_replay)
    return;
  if (!dopts.kernel && !dopts.initrd && !dopts.qemu && !dopts.machine && !dopts.bios
      && !dopts.ready && !dopts.cpus)
    return;
  boot_options o = opts;
  g_autofree char *append = opts.append && *opts.append
                                ? g_strdup_printf ("%s %s", ANALYSIS_DIRECT_APPEND, opts.append)
                                : g_strdup (ANALYSIS_DIRECT_APPEND);
  o.append = append;
  g_autoptr (GError) err = NULL;
  if (!direct_options_to_config (&dopts, &o, ACCEL_TCG, &direct, &err))
    {
      fprintf (stderr, "boot-analysis: %s\n", err->message);
      exit (EXIT_USAGE);
    }
}

/* An output that could not be written: said, and the run fails. */
static void
output_failed (GError **err, int *status)
{
  fprintf (stderr, "boot-analysis: %s\n", (*err)->message);
  g_clear_error (err);
  if (*status == EXIT_SUCCESS)
    *status = EXIT_FAILURE;
}

static void
check_output (const char *path)
{
  g_autoptr (GError) err = NULL;
  if (path && !output_check_writable (path, &err))
    die (err, EXIT_FAILURE);
}

static rule_set *
load_rules (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *path
      = opt_rules ? g_strdup (opt_rules)
                  : rules_shipped_path (direct.kernel ? "direct-kernel.rules"
                                                      : "activities.rules");
  rule_set *rs = rule_set_load_file (path, &err);
  if (!rs)
    die (err, EXIT_FAILURE);
  return rs;
}

static JsonNode *
config_to_json (accel_kind accel)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "passes");
  json_builder_add_int_value (b, opts.passes);
  json_builder_set_member_name (b, "warmup");
  json_builder_add_int_value (b, opts.warmup);
  json_builder_set_member_name (b, "memsize_mb");
  json_builder_add_int_value (b, opts.memsize_mb);
  json_builder_set_member_name (b, "smp");
  json_builder_add_int_value (b, opts.smp);
  json_builder_set_member_name (b, "append");
  json_builder_add_string_value (b, opts.append ? opts.append : "");
  json_builder_set_member_name (b, "analysis_append");
  json_builder_add_string_value (b, ANALYSIS_APPEND);
  json_builder_set_member_name (b, "accel");
  json_builder_add_string_value (b, accel_name (accel));
  json_builder_set_member_name (b, "timeout_s");
  json_builder_add_int_value (b, opts.timeout_s);
  model_json_direct (b, direct.kernel ? &direct : NULL);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* --replay: the input, its rules, its header's config and host. */
static GPtrArray *
replay (rule_set **rules, gboolean *plain_log, char **rules_name, JsonNode **config,
        JsonNode **host, GString *out)
{
  replay_options ro = { .path = opt_replay, .rules_path = opt_rules, .ready = dopts.ready };
  replay_input in;
  g_autoptr (GError) err = NULL;
  if (!replay_load (&ro, &in, &err))
    die (err, g_error_matches (err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE)
                  ? EXIT_USAGE
                  : EXIT_FAILURE);
  g_string_append_printf (out, "boot-analysis: replay of %s (%s): %u pass%s\n", opt_replay,
                          in.description, in.passes->len,
                          in.passes->len == 1 ? "" : "es");
  *rules = g_steal_pointer (&in.rules);
  *plain_log = in.plain_log;
  *rules_name = g_steal_pointer (&in.rules_name);
  *config = g_steal_pointer (&in.config);
  *host = g_steal_pointer (&in.host);
  GPtrArray *passes = g_steal_pointer (&in.passes);
  replay_input_clear (&in);
  return passes;
}

/* What the analysis boots: the appliance or --kernel, with the analysis's
 * kernel command line. */
static boot_target *
analysis_target (void)
{
  if (direct.kernel)
    return direct_target_new (&direct);
  g_autofree char *append = opts.append && *opts.append
                                ? g_strdup_printf ("%s %s", ANALYSIS_APPEND, opts.append)
                                : g_strdup (ANALYSIS_APPEND);
  appliance_config appliance = boot_options_to_config (&opts, ACCEL_TCG, append);
  return appliance_target_new (&appliance);
}

/* What the run says while it runs (--verbose: each pass as it launches). */
static void
print_notice (const char *text, gpointer data)
{
  (void)data;
  fprintf (stderr, "boot-analysis: %s\n", text);
}

/* Boot warm-up and measured passes; returns the completed passes' events.
 * A failed pass stops the run: *failure says why, *failed_pass has its events. */
static GPtrArray *
capture_passes (boot_target *target, char **failure, pass_events **failed_pass)
{
  capture_run_config cfg = {
    .target = target,
    .passes = opts.passes,
    .warmup = opts.warmup,
    .announce = opts.verbose,
    .notice = print_notice,
  };
  GPtrArray *passes;
  g_autoptr (GError) err = NULL;
  if (!capture_run_passes (&cfg, &passes, failed_pass, &err))
    *failure = g_strdup (err->message);
  return passes;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* Numbers are for scripts too: "12.3ms" whatever the locale. */
  setlocale (LC_NUMERIC, "C");
  output_stdout_init ();
  boot_options_init (&opts, 5, 3);
  accel_kind accel;
  parse_options (argc, argv, &accel);
  check_output (opt_json);
  check_output (opt_svg);
  check_output (opt_trace);
  check_output (opt_save);
  prepare_direct ();
  g_autoptr (rule_set) rules = opt_replay ? NULL : load_rules ();
  g_autoptr (GError) err = NULL;
  gboolean plain_log = FALSE;
  g_autofree char *rules_name = NULL;

  g_autoptr (GPtrArray) passes = NULL;
  g_autoptr (JsonNode) config = NULL;
  g_autoptr (JsonNode) host = NULL;
  g_autofree char *failure = NULL;
  g_autoptr (pass_events) failed_pass = NULL;
  gboolean enforce_mandatory = TRUE;
  gboolean save_failed = FALSE;
  GString *out = g_string_new (NULL);

  if (opt_replay)
    {
      passes = replay (&rules, &plain_log, &rules_name, &config, &host, out);
      enforce_mandatory = !plain_log;
    }
  else
    {
      interrupt_install ();
      progress_init (opts.quiet);
      g_autofree char *note = NULL;
      g_autoptr (boot_target) target = analysis_target ();
      if (!accel_resolve (target, accel, opts.reprobe, &note, &err))
        die (err, EXIT_FAILURE);
      accel_kind resolved = target->accel;
      if (note && !opts.quiet)
        fprintf (stderr, "boot-analysis: %s\n", note);
      direct.accel = resolved;
      host_info hi;
      host_info_gather (&hi);
      host = model_json_host_node (&hi);
      config = config_to_json (resolved);
      g_autofree char *direct_version = direct.kernel ? host_hv_version (direct.qemu) : NULL;
      g_string_append_printf (out,
                              "boot-analysis: %d passes (after %d warm-up), accelerator "
                              "%s, rules %s\n"
                              "  host: %s, %s\n",
                              opts.passes, opts.warmup, accel_name (resolved),
                              rule_set_origin (rules), hi.cpu_model, hi.kernel_release);
      if (direct.kernel)
        {
          g_autofree char *cmdline = direct_kernel_cmdline (&direct);
          g_string_append_printf (out,
                                  "  direct kernel %s, initrd %s, machine %s\n"
                                  "  %s, append: %s\n",
                                  direct.kernel, direct.initrd,
                                  direct_machine_name (direct.machine), direct_version,
                                  cmdline);
          if (opts.verbose)
            {
              g_auto (GStrv) qemu_argv = direct_qemu_argv (&direct);
              g_autofree char *line = g_strjoinv (" ", qemu_argv);
              fprintf (stderr, "boot-analysis: %s\n", line);
            }
        }
      else
        g_string_append_printf (out, "  libguestfs %s, %s\n", hi.libguestfs_version,
                                hi.hv_version);
      host_info_clear (&hi);
      passes = capture_passes (target, &failure, &failed_pass);
    }

  /* Save first, the failed pass's events too: a capture that fails to
   * analyse is the one worth keeping. */
  if (opt_save)
    {
      const capture_header h = {
        .config = config, .host = host, .plain_log = plain_log, .rules_name = rules_name
      };
      gboolean saved = capture_save_run (opt_save, passes, failed_pass, &h, &err);
      /* A full disk costs the capture, not the analysis and its reports. */
      if (!saved)
        {
          progress_clear ();
          fprintf (stderr, "boot-analysis: %s\n", err->message);
          g_clear_error (&err);
          save_failed = TRUE;
        }
    }
  /* A failed or interrupted run still reports the passes it completed. */
  int status = save_failed ? EXIT_FAILURE : EXIT_SUCCESS;
  if (failure)
    {
      fprintf (stderr, "boot-analysis: %s%s\n", failure,
               opt_save ? "" : " (use --save FILE to keep the events of the run)");
      status = EXIT_FAILURE;
    }
  if (interrupt_requested ())
    status = EXIT_INTERRUPTED;
  if (passes->len == 0)
    {
      if (status == EXIT_SUCCESS || status == EXIT_INTERRUPTED)
        fprintf (stderr, "boot-analysis: interrupted before any pass completed\n");
      g_string_free (out, TRUE);
      return status == EXIT_SUCCESS ? EXIT_INTERRUPTED : status;
    }
  if (status != EXIT_SUCCESS)
    g_string_append_printf (out, "boot-analysis: the run stopped early: analysing the %u "
                                 "completed pass%s\n",
                            passes->len, passes->len == 1 ? "" : "es");

  g_autoptr (boot_analysis) an = boot_analyse (rules, passes, enforce_mandatory, &err);
  if (!an)
    die (err, EXIT_FAILURE);

  timeline_options topts = {
    .colour = opt_colour || (!opt_no_colour && isatty (STDOUT_FILENO)),
    .top = (guint)opt_top,
  };
  g_string_append_c (out, '\n');
  report_timeline_append (out, an, &topts);

  /* The files first: a closed standard output must not cost them.  Every
   * file is tried even when one fails; any failure makes the run's. */
  const report_svg_options svg_opts = {
    .fold_below_percent = opt_svg_all ? 0 : REPORT_SVG_FOLD_PERCENT,
  };
  const report_trace_options trace_opts = { .console_lines = opt_trace_lines };
  if (opt_json && !report_analysis_json_write (an, passes, config, host, opt_json, &err))
    output_failed (&err, &status);
  if (opt_svg && !report_svg_write (an, &svg_opts, opt_svg, &err))
    output_failed (&err, &status);
  if (opt_trace && !report_trace_write (an, passes, rules, &trace_opts, opt_trace, &err))
    output_failed (&err, &status);
  fwrite (out->str, 1, out->len, stdout);
  g_string_free (out, TRUE);
  if (!output_stdout_finish (&err))
    output_failed (&err, &status);
  return status;
}
