/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tool-error.h: how boot-benchmark and boot-analysis end.  Their helpers
 * return GErrors; each main prints the message and turns it into the exit
 * status through tool_exit_code, in one place: a usage mistake (bad option,
 * unreadable --kernel) exits 2, an interrupted run 130, anything else 1.
 * A sequential run that did not decide is no error: it exits 4. */
#ifndef BOOTPERF_TOOL_ERROR_H
#define BOOTPERF_TOOL_ERROR_H

#include <glib.h>

#define TOOL_EXIT_FAILURE 1
#define TOOL_EXIT_USAGE 2
#define TOOL_EXIT_UNDECIDED 4
#define TOOL_EXIT_INTERRUPTED 130

#define TOOL_USAGE_ERROR (tool_usage_error_quark ())
GQuark tool_usage_error_quark (void);

/* A usage error: the message and " (see --help)".  Returns FALSE. */
gboolean tool_usage_refuse (GError **error, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

/* Parse argv with ctx: a usage error for an option GOption refuses, or an
 * argument left over.  With *version set by the parse, nothing else is
 * checked (--version wins). */
gboolean tool_parse_argv (GOptionContext *ctx, int argc, char **argv, const gboolean *version,
                          GError **error);

/* Make *error (when set) a usage error, its message kept.  Returns FALSE,
 * so that `return tool_usage_error (error);` ends a failed check. */
gboolean tool_usage_error (GError **error);

/* 2 for a usage error; 130 for an interrupted pass or when Ctrl-C came;
 * otherwise 1. */
int tool_exit_code (const GError *error);

/* The message as one printable line (it may quote a file or qemu). */
char *tool_error_text (const GError *error);

#endif
