/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tool-error.c: see tool-error.h. */
#include <config.h>

#include <stdarg.h>

#include "interrupt.h"
#include "output.h"
#include "pass.h"
#include "tool-error.h"

/* clang-format off */
G_DEFINE_QUARK (bootperf-tool-usage-error-quark, tool_usage_error)
/* clang-format on */

gboolean
tool_usage_refuse (GError **error, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, TOOL_USAGE_ERROR, 0, "%s (see --help)", msg);
  return FALSE;
}

gboolean
tool_parse_argv (GOptionContext *ctx, int argc, char **argv, const gboolean *version,
                 GError **error)
{
  g_autoptr (GError) err = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &err))
    return tool_usage_refuse (error, "%s", err->message);
  if (!*version && argc > 1)
    return tool_usage_refuse (error, "unexpected argument '%s'", argv[1]);
  return TRUE;
}

gboolean
tool_usage_error (GError **error)
{
  if (error && *error && (*error)->domain != TOOL_USAGE_ERROR)
    {
      GError *usage = g_error_new_literal (TOOL_USAGE_ERROR, 0, (*error)->message);
      g_error_free (*error);
      *error = usage;
    }
  return FALSE;
}

int
tool_exit_code (const GError *error)
{
  if (g_error_matches (error, TOOL_USAGE_ERROR, 0))
    return TOOL_EXIT_USAGE;
  if (g_error_matches (error, PASS_ERROR, PASS_INTERRUPTED) || interrupt_requested ())
    return TOOL_EXIT_INTERRUPTED;
  return TOOL_EXIT_FAILURE;
}

char *
tool_error_text (const GError *error)
{
  return output_printable (error->message);
}
