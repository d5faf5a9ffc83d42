/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot-benchmark-range: find the QEMU or kernel commit that changed boot
 * time.  Options -> session (repository, range, work directory, cache) ->
 * bisect or sweep -> text, JSON and CSV reports -> exit code.  The work is in
 * the other files of this directory; see range.h for the map and README.md
 * for the user's side. */

#include <config.h>

#include <locale.h>
#include <stdio.h>

#include "interrupt.h"
#include "output.h"
#include "progress.h"
#include "range.h"

/* Errors may quote git, a build or a file: made printable. */
static void
print_error (const GError *error)
{
  g_autofree char *msg = output_printable (error->message);
  g_printerr ("boot-benchmark-range: error: %s\n", msg);
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
    case RANGE_OUTCOME_FAILED:
      break;
    }
  return RANGE_EXIT_FAILURE;
}

static gboolean
run_mode (range_session *s, range_result *r, GError **error)
{
  switch (s->opts->mode)
    {
    case RANGE_MODE_BISECT:
      return range_bisect (s, r, error);
    case RANGE_MODE_SWEEP:
      return range_sweep (s, r, error);
    case RANGE_MODE_JUDGE:
      return range_judge (s, r, error);
    }
  return FALSE;
}

/* git bisect run reads 1-127 but 125 as "bad": every failure of ours must
 * be above 127 (it then stops the bisection). */
#define RANGE_JUDGE_EXIT_ABORT 255

/* The search and its reports; the exit code of its outcome or failure. */
static int
run_search (range_options *opts)
{
  g_autoptr (GError) error = NULL;
  range_session *s = range_session_new (opts, &error);
  if (!s)
    {
      print_error (error);
      int code = exit_code_for (error);
      return opts->judge_against && code < 128 ? RANGE_JUDGE_EXIT_ABORT : code;
    }
  range_report_header (stdout, s);
  range_result result;
  range_result_init (&result);
  gboolean ok = run_mode (s, &result, &error);
  progress_clear ();
  gboolean interrupted = g_error_matches (error, RANGE_ERROR, RANGE_ERROR_INTERRUPTED);
  if (interrupted)
    result.outcome = RANGE_OUTCOME_INTERRUPTED;
  else if (!ok)
    result.outcome = RANGE_OUTCOME_FAILED;
  /* The files first: a closed standard output must not cost them. */
  gboolean written = write_exports (s, &result);
  if (ok || interrupted)
    range_report_verdict (stdout, s, &result);
  g_autofree char *disk = range_build_disk_summary (s);
  printf ("%s\n", disk);
  int code = !ok                              ? exit_code_for (error)
             : opts->mode == RANGE_MODE_JUDGE ? range_judge_exit_code (s, &result)
                                              : outcome_exit_code (result.outcome);
  if (interrupted)
    g_printerr ("boot-benchmark-range: interrupted: rerun the same command to "
                "resume from the cache\n");
  else if (!ok)
    print_error (error);
  g_autoptr (GError) stdout_error = NULL;
  if (!output_stdout_finish (&stdout_error))
    {
      print_error (stdout_error);
      written = FALSE;
    }
  if (!written && code != RANGE_EXIT_FAILURE && ok)
    code = RANGE_EXIT_FAILURE;
  if (opts->mode == RANGE_MODE_JUDGE && (!ok || !written) && code < 128)
    code = RANGE_JUDGE_EXIT_ABORT;
  range_result_clear (&result);
  range_session_free (s);
  return code;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C"); /* 1013.7ms, never 1013,7ms: scripts parse it */
  output_stdout_init ();
  range_options opts = { 0 };
  g_autoptr (GError) error = NULL;
  int code = RANGE_EXIT_USAGE;
  if (range_options_parse (argc, argv, &opts, &error))
    {
      interrupt_install ();
      progress_init (opts.quiet);
      code = run_search (&opts);
    }
  else
    {
      print_error (error);
      if (opts.judge_against)
        code = RANGE_JUDGE_EXIT_ABORT;
    }
  range_options_clear (&opts);
  return code;
}
