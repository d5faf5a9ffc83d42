/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sources.c: building offline.  What a build would download (meson
 * subprojects named by the .wrap files of subprojects/, their packagecache/ archives,
 * git submodules named by .gitmodules) is copied into the build tree before
 * each build when the tree lacks it, from --source-cache DIR first (DIR/NAME,
 * DIR/subprojects/NAME, DIR/PATH for a submodule), else from the user's
 * checkout, where an earlier build or `meson subprojects download` left it.
 * A build that still needs the network then fails, and build-failure.c
 * names what it tried to fetch. */

#include <config.h>

#include <string.h>

#include "range.h"

static gboolean
is_nonempty_dir (const char *path)
{
  g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
  return d && g_dir_read_name (d) != NULL;
}

/* The first non-empty directory of DIR/rel... and the checkout's. */
static char *
find_source (const range_session *s, const char *const *cache_rel, const char *repo_rel)
{
  const char *cache = s->opts->source_cache;
  for (const char *const *r = cache_rel; cache && *r; r++)
    {
      char *p = g_build_filename (cache, *r, NULL);
      if (is_nonempty_dir (p))
        return p;
      g_free (p);
    }
  char *p = g_build_filename (s->opts->repo, repo_rel, NULL);
  if (is_nonempty_dir (p))
    return p;
  g_free (p);
  return NULL;
}

/* Copy the contents of from into to (made if needed), without a .git. */
static gboolean
copy_tree (const char *from, const char *to, GError **error)
{
  g_autofree char *from_dot = g_build_filename (from, ".", NULL);
  g_autofree char *git = g_build_filename (to, ".git", NULL);
  char *mkdir_argv[] = { (char *)"mkdir", (char *)"-p", (char *)"--", (char *)to, NULL };
  char *cp_argv[]
      = { (char *)"cp", (char *)"-a", (char *)"--", from_dot, (char *)to, NULL };
  char *rm_argv[] = { (char *)"rm", (char *)"-rf", (char *)"--", git, NULL };
  char **steps[] = { mkdir_argv, cp_argv, rm_argv };
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      int status;
      g_autofree char *err = NULL;
      if (!g_spawn_sync (NULL, steps[i], NULL,
                         G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                         NULL, &err, &status, error))
        return FALSE;
      if (!g_spawn_check_wait_status (status, NULL))
        {
          g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                       "cannot copy %s into the build tree: %s", from, g_strstrip (err));
          return FALSE;
        }
    }
  return TRUE;
}

/* The directory a wrap file unpacks to: its "directory =", else its name. */
static char *
wrap_directory (const char *wrap_path, const char *file_name)
{
  g_autoptr (GKeyFile) k = g_key_file_new ();
  if (g_key_file_load_from_file (k, wrap_path, G_KEY_FILE_NONE, NULL))
    {
      g_auto (GStrv) groups = g_key_file_get_groups (k, NULL);
      for (char **g = groups; g && *g; g++)
        {
          char *dir = g_key_file_get_string (k, *g, "directory", NULL);
          if (dir && *dir && !strchr (dir, '/') && strcmp (dir, "..") != 0)
            return g_strstrip (dir);
          g_free (dir);
        }
    }
  return g_strndup (file_name, strlen (file_name) - strlen (".wrap"));
}

/* Each missing source is copied in (and named in copied) when there is a
 * copy; else it is named in missing (its path in the tree), if given. */
static gboolean
provide_subprojects (const range_session *s, GPtrArray *copied, GPtrArray *missing,
                     GError **error)
{
  g_autofree char *dir = g_build_filename (s->tree_dir, "subprojects", NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      if (!g_str_has_suffix (name, ".wrap"))
        continue;
      g_autofree char *wrap = g_build_filename (dir, name, NULL);
      g_autofree char *sub = wrap_directory (wrap, name);
      g_autofree char *target = g_build_filename (dir, sub, NULL);
      if (is_nonempty_dir (target))
        continue;
      g_autofree char *in_sub = g_build_filename ("subprojects", sub, NULL);
      const char *cache_rel[] = { sub, in_sub, NULL };
      g_autofree char *from = find_source (s, cache_rel, in_sub);
      if (!from && missing)
        g_ptr_array_add (missing, g_strdup (in_sub));
      if (!from || !copied)
        continue;
      if (!copy_tree (from, target, error))
        return FALSE;
      g_ptr_array_add (copied, g_strdup_printf ("subproject %s from %s", sub, from));
    }
  /* Archives of wrap-file subprojects, which meson unpacks itself. */
  g_autofree char *pkg = g_build_filename (dir, "packagecache", NULL);
  const char *pkg_rel[] = { "packagecache", "subprojects/packagecache", NULL };
  g_autofree char *pkg_from
      = d ? find_source (s, pkg_rel, "subprojects/packagecache") : NULL;
  if (pkg_from && copied && !is_nonempty_dir (pkg))
    {
      if (!copy_tree (pkg_from, pkg, error))
        return FALSE;
      g_ptr_array_add (copied,
                       g_strdup_printf ("subprojects/packagecache from %s", pkg_from));
    }
  return TRUE;
}

static gboolean
provide_submodules (const range_session *s, GPtrArray *copied, GPtrArray *missing,
                    GError **error)
{
  g_autofree char *modules = g_build_filename (s->tree_dir, ".gitmodules", NULL);
  if (!g_file_test (modules, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  const char *args[]
      = { "config", "--file", ".gitmodules", "--get-regexp", "^submodule\\..*\\.path$",
          NULL };
  g_autofree char *out = NULL;
  if (!range_spawn_git (s->tree_dir, args, &out, NULL))
    return TRUE; /* no path in it */
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      const char *space = strchr (*l, ' ');
      const char *path = space ? space + 1 : NULL;
      if (!path || !*path || path[0] == '/' || strstr (path, ".."))
        continue;
      g_autofree char *target = g_build_filename (s->tree_dir, path, NULL);
      if (is_nonempty_dir (target))
        continue;
      g_autofree char *base = g_path_get_basename (path);
      const char *cache_rel[] = { path, base, NULL };
      g_autofree char *from = find_source (s, cache_rel, path);
      if (!from && missing)
        g_ptr_array_add (missing, g_strdup (path));
      if (!from || !copied)
        continue;
      if (!copy_tree (from, target, error))
        return FALSE;
      g_ptr_array_add (copied, g_strdup_printf ("submodule %s from %s", path, from));
    }
  return TRUE;
}

gboolean
range_sources_provide (const range_session *s, GPtrArray *copied, GError **error)
{
  return provide_subprojects (s, copied, NULL, error)
         && provide_submodules (s, copied, NULL, error);
}

char *
range_sources_missing (const range_session *s)
{
  g_autoptr (GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  if (!provide_subprojects (s, NULL, missing, NULL)
      || !provide_submodules (s, NULL, missing, NULL) || missing->len == 0)
    return NULL;
  g_ptr_array_add (missing, NULL);
  return g_strjoinv (", ", (char **)missing->pdata);
}
