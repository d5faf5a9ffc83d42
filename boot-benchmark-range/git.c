/* SPDX-License-Identifier: GPL-2.0-or-later */
/* git.c: the repository side of boot-benchmark-range: checking the
 * repository, listing the range oldest first, and the worktrees each commit
 * is built in, so the user's own checkout is never touched.  Commit subjects
 * are made printable as they are read. */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "range.h"

gboolean
range_git_check_repo (const char *repo, GError **error)
{
  if (!g_file_test (repo, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT, "%s: no such directory", repo);
      return FALSE;
    }
  const char *args[] = { "rev-parse", "--git-dir", NULL };
  g_autoptr (GError) git_error = NULL;
  if (!range_spawn_git (repo, args, NULL, &git_error))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT, "%s is not a git repository",
                   repo);
      return FALSE;
    }
  return TRUE;
}

/* Each endpoint of A..B or A...B must name a commit; a clear message beats
 * git's "ambiguous argument". */
static gboolean
check_range_endpoints (const char *repo, const char *range, GError **error)
{
  g_auto (GStrv) ends = g_strsplit (range, "..", -1);
  for (char **e = ends; *e; e++)
    {
      const char *name = *e;
      if (*name == '.') /* the third dot of A...B */
        name++;
      if (*name == '\0' || *name == '^' || strchr (name, ' '))
        continue;
      g_autofree char *spec = g_strdup_printf ("%s^{commit}", name);
      const char *args[] = { "rev-parse", "--verify", "--quiet", spec, NULL };
      g_autoptr (GError) git_error = NULL;
      if (!range_spawn_git (repo, args, NULL, &git_error))
        {
          g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT,
                       "unknown commit '%s' in range '%s'", name, range);
          return FALSE;
        }
    }
  return TRUE;
}

GPtrArray *
range_git_list (const char *repo, const char *range, GError **error)
{
  if (*range == '-')
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT,
                   "range '%s' looks like an option", range);
      return NULL;
    }
  if (!check_range_endpoints (repo, range, error))
    return NULL;

  /* Topological order, oldest first: bisection treats the range as a line. */
  const char *args[]
      = { "-c",           "log.showSignature=false", "log", "--no-color", "--reverse",
          "--topo-order", "--format=%H%x09%s",       range, "--",         NULL };
  g_autofree char *out = NULL;
  GError *git_error = NULL;
  if (!range_spawn_git (repo, args, &out, &git_error))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT, "range '%s': %s", range,
                   git_error->message);
      g_error_free (git_error);
      return NULL;
    }

  GPtrArray *commits = g_ptr_array_new_with_free_func ((GDestroyNotify)range_commit_free);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      if (**l == '\0')
        continue;
      char *tab = strchr (*l, '\t');
      if (tab)
        *tab = '\0';
      /* A subject is any bytes: made valid UTF-8 and printable here, it is
       * safe on a terminal, in --json and in the cache. */
      g_autofree char *subject = output_printable (tab ? tab + 1 : "");
      g_ptr_array_add (commits, range_commit_new (*l, subject, commits->len));
    }
  if (commits->len == 0)
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT, "range '%s' names no commits",
                   range);
      g_ptr_array_unref (commits);
      return NULL;
    }
  return commits;
}

/* path is the top of a checkout whose HEAD is sha. */
static gboolean
is_worktree_at (const char *path, const char *sha)
{
  g_autofree char *out = NULL;
  const char *args[] = { "rev-parse", "--show-toplevel", "HEAD", NULL };
  if (!range_spawn_git (path, args, &out, NULL))
    return FALSE;
  g_auto (GStrv) lines = g_strsplit (out, "\n", 3);
  if (g_strv_length (lines) < 2)
    return FALSE;
  g_autofree char *top = realpath (lines[0], NULL);
  g_autofree char *want = realpath (path, NULL);
  return top && want && g_str_equal (top, want) && g_str_has_prefix (lines[1], sha);
}

gboolean
range_git_worktree_add (const char *repo, const char *path, const char *sha,
                        GError **error)
{
  struct stat st;
  if (lstat (path, &st) == 0 && !S_ISDIR (st.st_mode))
    {
      /* A symlink (or a file) planted where the worktree goes: following it
       * would build inside another checkout.  The link goes, not its target. */
      if (unlink (path) < 0)
        {
          int e = errno;
          g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                       "%s is not a worktree of ours and cannot be removed: %s", path,
                       g_strerror (e));
          return FALSE;
        }
    }
  else if (lstat (path, &st) == 0)
    {
      /* Left over from an interrupted run: reuse it if it is a worktree of its
       * own (not a directory inside another checkout) holding the commit. */
      if (is_worktree_at (path, sha))
        return TRUE;
      range_git_worktree_remove (repo, path);
    }
  const char *args[] = { "worktree", "add", "--force", "--detach", path, sha, NULL };
  g_autoptr (GError) git_error = NULL;
  if (!range_spawn_git (repo, args, NULL, &git_error))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                   "cannot make a worktree of %.12s in %s: %s", sha, path,
                   git_error->message);
      return FALSE;
    }
  return TRUE;
}

void
range_git_worktree_remove (const char *repo, const char *path)
{
  const char *args[] = { "worktree", "remove", "--force", "--force", path, NULL };
  if (!range_spawn_git (repo, args, NULL, NULL) && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      /* Not a registered worktree any more: remove the directory itself. */
      char *rm_argv[] = { (char *)"rm", (char *)"-rf", (char *)path, NULL };
      g_spawn_sync (NULL, rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                    NULL, NULL);
    }
  range_git_worktree_prune (repo);
}

void
range_git_worktree_prune (const char *repo)
{
  const char *args[] = { "worktree", "prune", NULL };
  range_spawn_git (repo, args, NULL, NULL);
}
