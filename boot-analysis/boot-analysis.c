/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot-analysis: split the boot of the libguestfs appliance into activities
 * (firmware, kernel, each initcall and module, /init steps, the daemon,
 * shutdown) using rules from a data file, over several passes, and report a
 * timeline, the longest activities, and optionally JSON and SVG.
 *
 * Either boots the appliance (--passes, --warmup, ...) or replays a capture
 * saved with --save, or a plain serial-console log (--replay FILE).  The
 * command line is analysis-options.c's; capture, rules, analysis and
 * reports are the library's.
 *
 * Exit status: 0 success; 1 runtime failure (a pass failed, a mandatory rule
 * did not match, an output was not written); 2 usage error; 130 interrupted. */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "accel.h"
#include "analyse.h"
#include "analysis-options.h"
#include "appliance.h"
#include "capture-io.h"
#include "capture-run.h"
#include "direct-boot.h"
#include "interrupt.h"
#include "json-util.h"
#include "model-json.h"
#include "output.h"
#include "progress.h"
#include "replay.h"
#include "report-analysis-json.h"
#include "report-svg.h"
#include "report-timeline.h"
#include "report-trace.h"
#include "rules.h"
#include "tool-error.h"

#define ANALYSIS_APPEND "ignore_loglevel initcall_debug guestfs_boot_analysis=1"
#define ANALYSIS_DIRECT_APPEND "ignore_loglevel initcall_debug"

/* What a run has read or captured, for the analysis and the reports. */
typedef struct
{
  direct_config direct; /* --kernel: what is booted */
  rule_set *rules;
  GPtrArray *passes;        /* pass_events*: the completed passes */
  pass_events *failed_pass; /* the failed measured pass's events, or NULL */
  JsonNode *config;         /* the run's configuration and host (--save, --json) */
  JsonNode *host;
  gboolean plain_log;   /* a console log: no mandatory rules */
  char *rules_name;     /* the shipped rules' name, for --save */
  GString *out;         /* the text report, written at the end */
  GError *stopped;      /* why the run stopped early, or NULL */
  gboolean not_written; /* an output failed (already said): exit 1 */
} analysis_run;

static void
print_error (const GError *error)
{
  g_autofree char *text = tool_error_text (error);
  progress_clear ();
  fprintf (stderr, "boot-analysis: %s\n", text);
}

/* What the run says while it runs (--verbose: each pass as it launches). */
static void
print_notice (const char *text, gpointer data)
{
  (void)data;
  fprintf (stderr, "boot-analysis: %s\n", text);
}

/* An output that could not be written: said, and the run fails. */
static void
output_failed (analysis_run *run, GError **error)
{
  print_error (*error);
  g_clear_error (error);
  run->not_written = TRUE;
}

/* --kernel: the files, --machine and --ready checked before anything boots
 * (usage errors); the analysis adds initcall_debug to the command line. */
static gboolean
prepare_direct (const analysis_options *o, direct_config *direct, GError **error)
{
  if (o->replay || !direct_options_given (&o->direct, TRUE))
    return TRUE;
  boot_options b = o->boot;
  g_autofree char *append
      = o->boot.append && *o->boot.append
            ? g_strdup_printf ("%s %s", ANALYSIS_DIRECT_APPEND, o->boot.append)
            : g_strdup (ANALYSIS_DIRECT_APPEND);
  b.append = append;
  if (!direct_options_to_config (&o->direct, &b, ACCEL_TCG, direct, error))
    return tool_usage_error (error);
  return TRUE;
}

static JsonNode *
config_to_json (const analysis_options *o, accel_kind accel, const direct_config *direct)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_member_int (b, "passes", o->boot.passes);
  json_member_int (b, "warmup", o->boot.warmup);
  json_member_int (b, "memsize_mb", o->boot.memsize_mb);
  json_member_int (b, "smp", o->boot.smp);
  json_member_string (b, "append", o->boot.append ? o->boot.append : "");
  json_member_string (b, "analysis_append", ANALYSIS_APPEND);
  json_member_string (b, "accel", accel_name (accel));
  json_member_int (b, "timeout_s", o->boot.timeout_s);
  model_json_direct (b, direct->kernel ? direct : NULL);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* --replay: the input, its rules, its header's config and host. */
static gboolean
read_replay (const analysis_options *o, analysis_run *run, GError **error)
{
  replay_options ro
      = { .path = o->replay, .rules_path = o->rules, .ready = o->direct.ready };
  replay_input in;
  if (!replay_load (&ro, &in, error))
    {
      /* A bad --ready regex is the command line's mistake. */
      if (g_error_matches (*error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE))
        tool_usage_error (error);
      return FALSE;
    }
  g_string_append_printf (run->out, "boot-analysis: replay of %s (%s): %u pass%s\n",
                          o->replay, in.description, in.passes->len,
                          in.passes->len == 1 ? "" : "es");
  run->rules = g_steal_pointer (&in.rules);
  run->plain_log = in.plain_log;
  run->rules_name = g_steal_pointer (&in.rules_name);
  run->config = g_steal_pointer (&in.config);
  run->host = g_steal_pointer (&in.host);
  run->passes = g_steal_pointer (&in.passes);
  replay_input_clear (&in);
  return TRUE;
}

/* What the analysis boots: the appliance or --kernel. */
static boot_target *
analysis_target (const analysis_options *o, const direct_config *direct)
{
  if (direct->kernel)
    return direct_target_new (direct);
  g_autofree char *append
      = o->boot.append && *o->boot.append
            ? g_strdup_printf ("%s %s", ANALYSIS_APPEND, o->boot.append)
            : g_strdup (ANALYSIS_APPEND);
  appliance_config appliance = boot_options_to_config (&o->boot, ACCEL_TCG, append);
  return appliance_target_new (&appliance);
}

/* The report's head: passes, accelerator, rules, host, what boots. */
static gboolean
describe_capture (const analysis_options *o, analysis_run *run, boot_target *t,
                  GError **error)
{
  host_info hi;
  boot_target_facts facts;
  if (!boot_target_host_info (t, &hi, &facts, error))
    return FALSE;
  run->host = model_json_host_node (&hi);
  run->config = config_to_json (o, t->accel, &run->direct);
  g_string_append_printf (run->out,
                          "boot-analysis: %d passes (after %d warm-up), accelerator %s, "
                          "rules %s\n  host: %s, %s\n",
                          o->boot.passes, o->boot.warmup, accel_name (t->accel),
                          rule_set_origin (run->rules), hi.cpu_model, hi.kernel_release);
  if (run->direct.kernel)
    g_string_append_printf (
        run->out, "  direct kernel %s, initrd %s, machine %s\n  %s, append: %s\n",
        run->direct.kernel, run->direct.initrd, direct_machine_name (run->direct.machine),
        facts.hv_version, facts.append);
  else
    g_string_append_printf (run->out, "  libguestfs %s, %s\n", hi.libguestfs_version,
                            facts.hv_version);
  host_info_clear (&hi);
  boot_target_facts_clear (&facts);
  return TRUE;
}

/* A failed pass's message says how to keep its events, unless --save did. */
static void
suggest_save (GError *stopped)
{
  char *msg = g_strconcat (stopped->message,
                           " (use --save FILE to keep the events of the run)", NULL);
  g_free (stopped->message);
  stopped->message = msg;
}

/* Boot warm-up and measured passes, keeping their events.  A failed pass
 * stops the run (run->stopped); what completed is still analysed. */
static gboolean
capture (const analysis_options *o, analysis_run *run, GError **error)
{
  interrupt_install ();
  progress_init (o->boot.quiet);
  g_autoptr (boot_target) t = analysis_target (o, &run->direct);
  g_autofree char *note = NULL;
  if (!accel_resolve (t, o->accel, o->boot.reprobe, &note, error))
    return FALSE;
  if (note && !o->boot.quiet)
    print_notice (note, NULL);
  run->direct.accel = t->accel;
  if (!describe_capture (o, run, t, error))
    return FALSE;
  if (o->boot.verbose && run->direct.kernel)
    {
      g_autofree char *line = direct_qemu_command_line (&run->direct);
      print_notice (line, NULL);
    }
  capture_run_config cfg = { .target = t,
                             .passes = o->boot.passes,
                             .warmup = o->boot.warmup,
                             .announce = o->boot.verbose,
                             .hooks = { .notice = print_notice } };
  if (!capture_run_passes (&cfg, &run->passes, &run->failed_pass, &run->stopped)
      && !o->save)
    suggest_save (run->stopped);
  return TRUE;
}

static gboolean
load_rules (const analysis_options *o, analysis_run *run, GError **error)
{
  g_autofree char *path
      = o->rules ? g_strdup (o->rules)
                 : rules_shipped_path (run->direct.kernel ? "direct-kernel.rules"
                                                          : "activities.rules");
  run->rules = rule_set_load_file (path, error);
  return run->rules != NULL;
}

/* The passes to analyse: replayed, or booted with the rules loaded first. */
static gboolean
read_passes (const analysis_options *o, analysis_run *run, GError **error)
{
  if (o->replay)
    return read_replay (o, run, error);
  return prepare_direct (o, &run->direct, error) && load_rules (o, run, error)
         && capture (o, run, error);
}

/* --save, the failed pass's events too: a capture that fails to analyse is
 * the one worth keeping.  A full disk costs the capture, not the analysis. */
static void
save_passes (const analysis_options *o, analysis_run *run)
{
  const capture_header h = { .config = run->config,
                             .host = run->host,
                             .plain_log = run->plain_log,
                             .rules_name = run->rules_name };
  g_autoptr (GError) error = NULL;
  if (!capture_save_run (o->save, run->passes, run->failed_pass, &h, &error))
    output_failed (run, &error);
}

/* The files first (a closed standard output must not cost them), each tried
 * even when one fails; then the text. */
static void
write_reports (const analysis_options *o, analysis_run *run, const boot_analysis *an)
{
  timeline_options topts = {
    .colour = o->colour || (!o->no_colour && isatty (STDOUT_FILENO)),
    .top = (guint)o->top,
  };
  g_string_append_c (run->out, '\n');
  report_timeline_append (run->out, an, &topts);
  const report_svg_options svg_opts
      = { .fold_below_percent = o->svg_all ? 0 : REPORT_SVG_FOLD_PERCENT };
  const report_trace_options trace_opts = { .console_lines = o->trace_lines };
  g_autoptr (GError) error = NULL;
  if (o->json
      && !report_analysis_json_write (an, run->passes, run->config, run->host, o->json,
                                      &error))
    output_failed (run, &error);
  if (o->svg && !report_svg_write (an, &svg_opts, o->svg, &error))
    output_failed (run, &error);
  if (o->trace
      && !report_trace_write (an, run->passes, run->rules, &trace_opts, o->trace, &error))
    output_failed (run, &error);
  fwrite (run->out->str, 1, run->out->len, stdout);
  if (!output_stdout_finish (&error))
    output_failed (run, &error);
}

/* Analyse what completed (a run stopped early says so) and report it. */
static gboolean
analyse_and_report (const analysis_options *o, analysis_run *run, GError **error)
{
  if (run->passes->len == 0)
    {
      if (!run->stopped)
        g_set_error (error, PASS_ERROR, PASS_INTERRUPTED,
                     "interrupted before any pass completed");
      return FALSE;
    }
  if (run->stopped || interrupt_requested ())
    g_string_append_printf (run->out,
                            "boot-analysis: the run stopped early: analysing the %u "
                            "completed pass%s\n",
                            run->passes->len, run->passes->len == 1 ? "" : "es");
  g_autoptr (boot_analysis) an
      = boot_analyse (run->rules, run->passes, !run->plain_log, error);
  if (!an)
    return FALSE;
  write_reports (o, run, an);
  return TRUE;
}

static void
analysis_run_clear (analysis_run *run)
{
  direct_config_clear (&run->direct);
  g_clear_pointer (&run->rules, rule_set_free);
  g_clear_pointer (&run->passes, g_ptr_array_unref);
  g_clear_pointer (&run->failed_pass, pass_events_free);
  g_clear_pointer (&run->config, json_node_unref);
  g_clear_pointer (&run->host, json_node_unref);
  g_free (run->rules_name);
  g_string_free (run->out, TRUE);
  g_clear_error (&run->stopped);
}

/* Read or boot, save, analyse, report.  A run stopped by a failed pass is
 * still analysed; its failure is then the error (said before any later one). */
static gboolean
run_analysis (const analysis_options *o, gboolean *not_written, GError **error)
{
  analysis_run run = { .out = g_string_new (NULL) };
  gboolean ok = read_passes (o, &run, error);
  if (ok && o->save)
    save_passes (o, &run);
  if (ok)
    ok = analyse_and_report (o, &run, error);
  if (run.stopped && !ok && *error)
    print_error (run.stopped);
  else if (run.stopped)
    g_propagate_error (error, g_steal_pointer (&run.stopped));
  *not_written = run.not_written;
  analysis_run_clear (&run);
  return *error == NULL;
}

/* The one place where an end becomes an exit status (and an error is said). */
static int
exit_code_for (const GError *error, gboolean not_written)
{
  if (error)
    {
      print_error (error);
      return tool_exit_code (error);
    }
  if (interrupt_requested ())
    return TOOL_EXIT_INTERRUPTED;
  return not_written ? TOOL_EXIT_FAILURE : EXIT_SUCCESS;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* Numbers are for scripts too: "12.3ms" whatever the locale. */
  setlocale (LC_NUMERIC, "C");
  output_stdout_init ();
  analysis_options o;
  g_autoptr (GError) error = NULL;
  gboolean not_written = FALSE;
  if (analysis_options_parse (&o, argc, argv, &error) && o.version)
    printf ("boot-analysis %s\n", PACKAGE_VERSION);
  else if (!error && analysis_options_check_outputs (&o, &error))
    run_analysis (&o, &not_written, &error);
  int code = exit_code_for (error, not_written);
  analysis_options_clear (&o);
  return code;
}
