/* SPDX-License-Identifier: GPL-2.0-or-later */
/* output.h: writing result files atomically (temp file in the same directory,
 * fsync, rename), so a reader never sees half a file; refusing to replace a
 * read-only file or an input; standard output that may be a closed pipe; and
 * text from outside made safe to print. */
#ifndef BOOTPERF_OUTPUT_H
#define BOOTPERF_OUTPUT_H

#include <glib.h>

/* Write len bytes to path atomically.  Errors name the path and the cause. */
gboolean output_write_atomic (const char *path, const char *data, gssize len,
                              GError **error);

/* Check early that path's directory is writable and that path, if it exists,
 * is not read-only (mode 0444 is refused even for root), so a long run does
 * not end with an unwritable output.  Errors name the path and the cause. */
gboolean output_check_writable (const char *path, GError **error);

/* An option naming a file: --json out.json, --replay orig.log. */
typedef struct {
  const char *option;
  const char *path;  /* NULL: the option was not given */
} output_file_option;

/* FALSE when an output names the same file as an input (or another output),
 * however spelt (./x, a symlink; for files not there yet, the same directory
 * and name): "--save ./orig.log is the --replay file".
 * Both lists end with an entry whose option is NULL. */
gboolean output_check_distinct (const output_file_option *outputs,
                                const output_file_option *inputs, GError **error);

/* Call first in main: a closed standard output (`| head -1`) no longer kills
 * the program with SIGPIPE; writes to it fail instead, so result files are
 * still written.  Children get the default SIGPIPE back when they exec. */
void output_stdout_init (void);
/* Flush standard output; FALSE with "cannot write to standard output: ..."
 * if any write to it failed. */
gboolean output_stdout_finish (GError **error);

/* text as one printable line of UTF-8: control characters (C0, DEL, C1:
 * escape sequences, line ends) and bytes that are not UTF-8 are shown as
 * \xHH, so that nothing read from outside (a commit subject, a console line,
 * an error message quoting a file) can drive a terminal or break JSON or a
 * line-based format.  The first appends len bytes of text to out. */
void output_append_printable (GString *out, const char *text, gsize len);
char *output_printable (const char *text);

#endif
