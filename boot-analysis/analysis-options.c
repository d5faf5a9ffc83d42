/* SPDX-License-Identifier: GPL-2.0-or-later */
/* analysis-options.c: see analysis-options.h.  The checks run in a fixed
 * order, so that a command line with several mistakes is told about the
 * same one every time. */
#include <config.h>

#include "analysis-options.h"
#include "output.h"
#include "tool-error.h"

static void
add_entries (GOptionContext *ctx, analysis_options *o)
{
  const GOptionEntry entries[] = {
    { "colour", 0, 0, G_OPTION_ARG_NONE, &o->colour,
      "Colour the timeline even when not on a terminal", NULL },
    { "color", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &o->colour, NULL, NULL },
    { "no-colour", 0, 0, G_OPTION_ARG_NONE, &o->no_colour, "Never colour the timeline",
      NULL },
    { "no-color", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &o->no_colour, NULL, NULL },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &o->rules,
      "Activity rules instead of the installed ones", "FILE" },
    { "top", 0, 0, G_OPTION_ARG_INT, &o->top,
      "List only the N longest activities (default: all)", "N" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &o->json,
      "Write events, activities and statistics as JSON", "FILE" },
    { "svg", 0, 0, G_OPTION_ARG_FILENAME, &o->svg,
      "Write a Gantt chart of the activities as SVG", "FILE" },
    { "svg-all", 0, 0, G_OPTION_ARG_NONE, &o->svg_all,
      "Give every activity its own row in the SVG (default: fold those under 0.5% of "
      "the run)",
      NULL },
    { "trace", 0, 0, G_OPTION_ARG_FILENAME, &o->trace,
      "Write the passes as a Chrome trace (JSON) for Perfetto or chrome://tracing",
      "FILE" },
    { "trace-lines", 0, 0, G_OPTION_ARG_NONE, &o->trace_lines,
      "Put every console line in the --trace file too", NULL },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &o->save,
      "Save every pass's events (JSON Lines) for --replay", "FILE" },
    { "replay", 0, 0, G_OPTION_ARG_FILENAME, &o->replay,
      "Analyse a saved capture or a console log; boot nothing", "FILE" },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &o->version, "Print the version and exit",
      NULL },
    { NULL }
  };
  g_option_context_add_main_entries (ctx, entries, NULL);
}

/* Options that only make sense together, or not at all together. */
static gboolean
check_combinations (const analysis_options *o, GError **error)
{
  if (o->top < 0)
    return tool_usage_refuse (error, "--top must be 0 (all) or more, not %d", o->top);
  if (o->svg_all && !o->svg)
    return tool_usage_refuse (error, "--svg-all needs --svg FILE");
  if (o->trace_lines && !o->trace)
    return tool_usage_refuse (error, "--trace-lines needs --trace FILE");
  if (o->colour && o->no_colour)
    return tool_usage_refuse (error, "--colour and --no-colour contradict each other");
  /* No output may replace an input, however the two are spelt. */
  const output_file_option outputs[] = { { "--json", o->json },
                                         { "--svg", o->svg },
                                         { "--save", o->save },
                                         { "--trace", o->trace },
                                         { NULL } };
  const output_file_option inputs[]
      = { { "--replay", o->replay },        { "--rules", o->rules },
          { "--kernel", o->direct.kernel }, { "--initrd", o->direct.initrd },
          { "--bios", o->direct.bios },     { NULL } };
  g_autoptr (GError) err = NULL;
  if (!output_check_distinct (outputs, inputs, &err))
    return tool_usage_refuse (error, "%s", err->message);
  if (o->replay && direct_options_given (&o->direct, FALSE))
    return tool_usage_refuse (error,
                              "--replay boots nothing: of the direct kernel options only "
                              "--ready goes with it");
  return TRUE;
}

gboolean
analysis_options_parse (analysis_options *o, int argc, char **argv, GError **error)
{
  *o = (analysis_options){ 0 };
  boot_options_init (&o->boot, 5, 3);
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_option_context_set_summary (
      ctx, "Boot the libguestfs appliance and split the boot into activities\n"
           "(firmware, kernel, initcalls, modules, /init, daemon, shutdown), or replay\n"
           "a saved capture or a serial-console log with --replay.");
  boot_options_add_entries (ctx, &o->boot, "Say what is being done on stderr");
  direct_options_add_entries (ctx, &o->direct);
  add_entries (ctx, o);
  if (!tool_parse_argv (ctx, argc, argv, &o->version, error))
    return FALSE;
  if (o->version)
    return TRUE;
  g_autoptr (GError) err = NULL;
  if (!boot_options_check (&o->boot, &o->accel, &err))
    return tool_usage_refuse (error, "%s", err->message);
  return check_combinations (o, error);
}

void
analysis_options_clear (analysis_options *o)
{
  boot_options_clear (&o->boot);
  direct_options_clear (&o->direct);
  g_free (o->rules);
  g_free (o->json);
  g_free (o->svg);
  g_free (o->trace);
  g_free (o->save);
  g_free (o->replay);
  *o = (analysis_options){ 0 };
}

gboolean
analysis_options_check_outputs (const analysis_options *o, GError **error)
{
  const char *const outputs[] = { o->json, o->svg, o->trace, o->save };
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    if (outputs[i] && !output_check_writable (outputs[i], error))
      return FALSE;
  return TRUE;
}
