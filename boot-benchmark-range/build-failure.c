/* SPDX-License-Identifier: GPL-2.0-or-later */
/* build-failure.c: why a build failed, read from its log, in one line.
 *
 * The first error line is the first line that says what went wrong
 * (compilers' and meson's "error:", git's "fatal:", the shell's "not
 * found", a name lookup that failed), not make's closing "*** Error 2",
 * which is used only when nothing better is there.  A failure that every
 * commit would share stops the run at once: the network (a download that
 * cannot resolve or reach its host, or a download the build may not make)
 * or a missing tool or dependency.  When the build tried to download a
 * meson subproject or a git submodule, its name is given, so the user
 * knows what to provide. */

#define PCRE2_CODE_UNIT_WIDTH 8

#include <config.h>

#include <string.h>

#include <pcre2.h>

#include "range.h"

/* Lines that name a failure, strongest first within a line. */
static const char *const error_patterns[] = {
  "\\b(fatal|error|ERROR|Error)\\b:",
  "\\bfatal error\\b",
  "Could not resolve host|Temporary failure in name resolution|Network is unreachable"
  "|Connection (refused|timed out)|unable to access '",
  "\\bcommand not found\\b|^[^ ]*sh: [0-9]+: .*: not found$",
  "No such file or directory$",
  NULL,
};

/* Anywhere in the log: the network was needed. */
static const char network_pattern[]
    = "Could not resolve host|Temporary failure in name resolution"
      "|Network is unreachable|unable to access 'https?://"
      "|[Dd]ownloading is disabled|--wrap-mode=nodownload|wrap-mode is nodownload"
      "|Failed to (download|connect)|Name or service not known";

/* In the first error line: a tool or a dependency is missing. */
static const char missing_tool_pattern[]
    = "command not found|^[^ ]*sh: [0-9]+: .*: not found$"
      "|Program '[^']+' not found|Dependency \"?[^ \"]+\"? not found"
      "|[Cc]annot find (Ninja|meson|python|a C compiler)"
      "|C compiler cannot create executables|[Nn]o (acceptable )?C compiler found";

/* What the build was fetching: the last such name before the failure. */
static const char subproject_pattern[]
    = "Cloning into '(?:.*/)?([^'/]+)'"
      "|unable to access '[^']*/([^'/]+?)(?:\\.git)?/?'"
      "|Executing subproject ([A-Za-z0-9_.+-]+)"
      "|Downloading ([A-Za-z0-9_.+-]+) source from"
      "|[Ss]ubproject \"?(?:subprojects/)?([A-Za-z0-9_.+-]+)\"?"
      "|submodule '?([A-Za-z0-9_./+-]+?)'? ";

static pcre2_code *
compile (const char *pattern)
{
  int errcode;
  PCRE2_SIZE erroffset;
  return pcre2_compile ((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_MULTILINE,
                        &errcode, &erroffset, NULL);
}

/* The pattern matches somewhere in text; its first group that took part
 * in the match into *group when group is not NULL. */
static gboolean
search (const char *pattern, const char *text, char **group)
{
  pcre2_code *re = compile (pattern);
  g_return_val_if_fail (re != NULL, FALSE);
  pcre2_match_data *md = pcre2_match_data_create_from_pattern (re, NULL);
  int rc = pcre2_match (re, (PCRE2_SPTR)text, strlen (text), 0, 0, md, NULL);
  if (rc > 0 && group)
    {
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer (md);
      *group = NULL;
      for (int i = 1; i < rc && !*group; i++)
        if (ov[2 * i] != PCRE2_UNSET && ov[2 * i + 1] > ov[2 * i])
          *group = g_strndup (text + ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
    }
  pcre2_match_data_free (md);
  pcre2_code_free (re);
  return rc > 0;
}

static gboolean
matches (const char *pattern, const char *line)
{
  return search (pattern, line, NULL);
}

static gboolean
is_make_summary (const char *line)
{
  return matches ("^g?make(\\[[0-9]+\\])?: \\*\\*\\*", line)
         || g_str_has_prefix (line, "ninja: build stopped")
         || g_str_has_prefix (line, "boot-benchmark-range: ");
}

void
range_build_failure_read (const char *log_text, int exit_status, range_build_failure *f)
{
  memset (f, 0, sizeof *f);
  g_auto (GStrv) lines = g_strsplit (log_text, "\n", -1);
  g_autofree char *last_name = NULL;
  const char *fallback = NULL;
  for (char **l = lines; *l; l++)
    {
      char *line = g_strstrip (*l);
      if (!*line)
        continue;
      char *name = NULL;
      if (search (subproject_pattern, line, &name) && name)
        g_free (last_name), last_name = name;
      if (is_make_summary (line))
        {
          if (!fallback)
            fallback = line;
          continue;
        }
      for (const char *const *p = error_patterns; *p && !f->first_error; p++)
        if (matches (*p, line))
          f->first_error = g_strdup (line);
      if (f->first_error)
        break;
    }
  if (!f->first_error && fallback)
    f->first_error = g_strdup (fallback);
  f->network = matches (network_pattern, log_text);
  if (f->network && last_name)
    f->subproject = g_strdup (last_name);
  f->every_commit = f->network || exit_status == 127
                    || (f->first_error && matches (missing_tool_pattern, f->first_error));
  if (f->first_error && strlen (f->first_error) > 300)
    strcpy (f->first_error + 296, "...");
}

void
range_build_failure_clear (range_build_failure *f)
{
  g_clear_pointer (&f->first_error, g_free);
  g_clear_pointer (&f->subproject, g_free);
}
