/* SPDX-License-Identifier: GPL-2.0-or-later */
/* git.c: the repository side of boot-benchmark-range: checking the
 * repository, listing the range oldest first (or resolving single commits),
 * and the build tree: one worktree of the repository, owned by the tool, in
 * which each commit is checked out in place, so the user's own checkout is
 * never touched and a build reuses the previous commit's objects.  Commit
 * subjects are made printable as they are read. */

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

/* One commit per line "SHA<TAB>SUBJECT", as git log --format=%H%x09%s
 * prints them, as range_commits. */
static void
add_commit_lines (GPtrArray *commits, char *out)
{
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
  add_commit_lines (commits, out);
  if (commits->len == 0)
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT, "range '%s' names no commits",
                   range);
      g_ptr_array_unref (commits);
      return NULL;
    }
  return commits;
}

GPtrArray *
range_git_resolve (const char *repo, const char *const *revs, GError **error)
{
  GPtrArray *commits = g_ptr_array_new_with_free_func ((GDestroyNotify)range_commit_free);
  for (const char *const *r = revs; *r; r++)
    {
      g_autofree char *spec = g_strdup_printf ("%s^{commit}", *r);
      g_autofree char *sha = NULL;
      const char *verify[] = { "rev-parse", "--verify", "--quiet", spec, NULL };
      if (**r == '-' || !range_spawn_git (repo, verify, &sha, NULL))
        {
          g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT, "unknown commit '%s' in %s",
                       *r, repo);
          g_ptr_array_unref (commits);
          return NULL;
        }
      g_strstrip (sha);
      const char *args[] = { "-c", "log.showSignature=false", "log", "--no-color", "-n",
                             "1",  "--format=%H%x09%s",       sha,   "--",         NULL };
      g_autofree char *out = NULL;
      if (!range_spawn_git (repo, args, &out, error))
        {
          g_ptr_array_unref (commits);
          return NULL;
        }
      add_commit_lines (commits, out);
    }
  return commits;
}

/* path is the top of a worktree of repo (not a directory inside another
 * checkout, nor another repository's worktree). */
static gboolean
is_worktree_of (const char *path, const char *repo)
{
  g_autofree char *out = NULL, *repo_out = NULL;
  const char *args[] = { "rev-parse", "--show-toplevel", "--git-common-dir", NULL };
  if (!range_spawn_git (path, args, &out, NULL)
      || !range_spawn_git (repo, args, &repo_out, NULL))
    return FALSE;
  g_auto (GStrv) lines = g_strsplit (out, "\n", 3);
  g_auto (GStrv) repo_lines = g_strsplit (repo_out, "\n", 3);
  if (g_strv_length (lines) < 2 || g_strv_length (repo_lines) < 2)
    return FALSE;
  /* --git-common-dir may be relative to the directory git ran in. */
  g_autofree char *common = g_canonicalize_filename (lines[1], path);
  g_autofree char *repo_common = g_canonicalize_filename (repo_lines[1], repo);
  g_autofree char *top = realpath (lines[0], NULL);
  g_autofree char *want = realpath (path, NULL);
  g_autofree char *c1 = realpath (common, NULL);
  g_autofree char *c2 = realpath (repo_common, NULL);
  return top && want && c1 && c2 && g_str_equal (top, want) && g_str_equal (c1, c2);
}

gboolean
range_git_tree_checkout (const char *repo, const char *path, const char *sha,
                         GError **error)
{
  struct stat st;
  if (lstat (path, &st) == 0 && !S_ISDIR (st.st_mode))
    {
      /* A symlink (or a file) planted where the tree goes: following it
       * would build inside another checkout.  The link goes, not its target. */
      if (unlink (path) < 0)
        {
          int e = errno;
          g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                       "%s is not a build tree of ours and cannot be removed: %s", path,
                       g_strerror (e));
          return FALSE;
        }
    }
  else if (lstat (path, &st) == 0)
    {
      if (is_worktree_of (path, repo))
        {
          /* In place: files that differ are rewritten, build output stays,
           * so make or ninja rebuilds only what the change touches. */
          const char *args[]
              = { "checkout", "--quiet", "--force", "--detach", sha, NULL };
          g_autoptr (GError) git_error = NULL;
          if (range_spawn_git (path, args, NULL, &git_error))
            return TRUE;
          g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                       "cannot check %.12s out in the build tree %s: %s", sha, path,
                       git_error->message);
          return FALSE;
        }
      range_git_worktree_remove (repo, path);
    }
  const char *args[] = { "worktree", "add", "--force", "--detach", path, sha, NULL };
  g_autoptr (GError) git_error = NULL;
  if (!range_spawn_git (repo, args, NULL, &git_error))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                   "cannot make the build tree %s at %.12s: %s", path, sha,
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
