/* SPDX-License-Identifier: GPL-2.0-or-later */
/* build.c: turning a commit into something boot-benchmark can boot.
 *
 * Each commit gets a git worktree under WORKDIR/worktrees and is built there
 * with the kind's default command or --build, run by /bin/sh with
 * $BOOTPERF_WORKTREE and $BOOTPERF_COMMIT set; output goes to
 * WORKDIR/logs/<commit>/build.log.  Then, per kind:
 *   qemu:   the hypervisor is --hv (relative to the worktree) or the first
 *           qemu-system-x86_64 found in the usual build directories, and is
 *           handed to boot-benchmark as $LIBGUESTFS_HV;
 *   kernel: modules are installed into WORKDIR/kernels/<commit> and the
 *           kernel reaches supermin through $SUPERMIN_KERNEL,
 *           $SUPERMIN_MODULES and $SUPERMIN_KERNEL_VERSION, with a private
 *           libguestfs appliance cache per commit;
 *   custom: nothing more. */

#include <config.h>

#include <string.h>

#include <glib/gstdio.h>

#include "range.h"

#define KERNEL_IMAGE "arch/x86/boot/bzImage"

static const char *const qemu_candidates[] = {
  "build/qemu-system-x86_64",
  "build/x86_64-softmmu/qemu-system-x86_64",
  "x86_64-softmmu/qemu-system-x86_64",
  "qemu-system-x86_64",
  NULL,
};

char *
range_build_default_cmd (const range_options *o)
{
  switch (o->kind)
    {
    case RANGE_KIND_QEMU:
      return g_strdup ("./configure --target-list=x86_64-softmmu && make -j$(nproc)");
    case RANGE_KIND_KERNEL:
      return g_strdup ("make olddefconfig && make -j$(nproc) bzImage modules");
    case RANGE_KIND_CUSTOM:
      break;
    }
  return NULL;
}

char *
range_worktree_path (const range_session *s, const range_commit *c)
{
  g_autofree char *name = g_strndup (c->sha, 12);
  return g_build_filename (s->worktree_dir, name, NULL);
}

static char *
commit_log_path (const range_session *s, const range_commit *c, const char *name)
{
  g_autofree char *dir = g_build_filename (s->log_dir, c->short_sha, NULL);
  g_mkdir_with_parents (dir, 0755);
  return g_build_filename (dir, name, NULL);
}

static char *
kernel_dir (const range_session *s, const range_commit *c)
{
  g_autofree char *name = g_strndup (c->sha, 12);
  return g_build_filename (s->opts->workdir, "kernels", name, NULL);
}

/* Run a shell command in the worktree with the commit's variables set. */
static gboolean
run_in_worktree (range_session *s, range_commit *c, const char *cmd, const char *log,
                 int *status, GError **error)
{
  g_autofree char *worktree = range_worktree_path (s, c);
  g_auto (GStrv) envp = g_get_environ ();
  /* A make we run under (CI, a test suite) must not reach the commit's
   * build: its MAKEFLAGS can add -w, whose "Entering directory" lines
   * would land in the output of make kernelrelease, or a jobserver whose
   * descriptors the build does not have. */
  static const char *const make_vars[]
      = { "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", NULL };
  for (const char *const *v = make_vars; *v; v++)
    envp = g_environ_unsetenv (envp, *v);
  envp = g_environ_setenv (envp, "BOOTPERF_WORKTREE", worktree, TRUE);
  envp = g_environ_setenv (envp, "BOOTPERF_COMMIT", c->sha, TRUE);
  char *argv[] = { (char *)"/bin/sh", (char *)"-c", (char *)cmd, NULL };
  return range_spawn (argv, worktree, envp, log, 0, status, error);
}

/* The directory itself, whatever is in it. */
static void
remove_tree (const char *path)
{
  char *argv[] = { (char *)"rm", (char *)"-rf", (char *)path, NULL };
  g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
}

/* A worktree and, for a kernel, its installed modules and appliance: gigabytes
 * for a real kernel, so they go as soon as the commit is done with. */
static void
remove_commit_trees (range_session *s, range_commit *c)
{
  g_autofree char *worktree = range_worktree_path (s, c);
  range_git_worktree_remove (s->opts->repo, worktree);
  if (s->opts->kind == RANGE_KIND_KERNEL)
    {
      g_autofree char *dir = kernel_dir (s, c);
      remove_tree (dir);
    }
}

/* A commit that fails to build is never benchmarked: its trees go at once
 * (the build log stays), unless --keep-worktrees asks to look at them. */
static void
mark_failed (range_session *s, range_commit *c, int status, const char *what)
{
  if (!s->opts->keep_worktrees)
    remove_commit_trees (s, c);
  c->build = BUILD_FAILED;
  c->build_exit = status;
  g_free (c->skip_reason);
  c->skip_reason = g_strdup_printf ("%s failed with exit status %d (log: %s)", what,
                                    status, c->build_log);
}

/* Where make modules_install INSTALL_MOD_PATH=dir put the modules of
 * release: lib/modules, or usr/lib/modules when the kernel follows a kmod
 * configured for /usr/lib/modules. */
static char *
installed_modules (const char *dir, const char *release)
{
  static const char *const prefixes[] = { "lib/modules", "usr/lib/modules" };
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      char *modules = g_build_filename (dir, prefixes[i], release, NULL);
      if (g_file_test (modules, G_FILE_TEST_IS_DIR))
        return modules;
      g_free (modules);
    }
  return NULL;
}

/* Kernel: install modules into the work directory, note the release.  What
 * is missing is said in the build log, whose path the skip reason names. */
static gboolean
install_kernel (range_session *s, range_commit *c, int *status, GError **error)
{
  g_autofree char *dest = kernel_dir (s, c);
  g_autofree char *quoted = g_shell_quote (dest);
  g_autofree char *cmd = g_strdup_printf (
      "say () { echo \"boot-benchmark-range: $*\" >&2; exit 1; }; "
      "test -f " KERNEL_IMAGE " || say 'the build made no " KERNEL_IMAGE "'; "
      "rm -rf %1$s && mkdir -p %1$s && make -s modules_install INSTALL_MOD_PATH=%1$s "
      "&& make -s --no-print-directory kernelrelease > %1$s/release || exit; "
      "r=$(cat %1$s/release); "
      "test -n \"$r\" || say 'make kernelrelease printed nothing'; "
      "test -d %1$s/lib/modules/\"$r\" || test -d %1$s/usr/lib/modules/\"$r\" "
      "|| say \"make modules_install put no lib/modules/$r (nor usr/lib/modules/$r) "
      "in \"%1$s",
      quoted);
  return run_in_worktree (s, c, cmd, c->build_log, status, error);
}

gboolean
range_build (range_session *s, range_commit *c, GError **error)
{
  const range_options *o = s->opts;
  if (c->build == BUILD_FAILED || c->worktree_ready)
    return TRUE;

  g_autofree char *worktree = range_worktree_path (s, c);
  range_report_progress (s, c, "checkout");
  if (!range_git_worktree_add (o->repo, worktree, c->sha, error))
    return FALSE;

  g_free (c->build_log);
  c->build_log = commit_log_path (s, c, "build.log");
  g_unlink (c->build_log);

  if (o->kind == RANGE_KIND_KERNEL && o->kernel_config)
    {
      g_autofree char *dot_config = g_build_filename (worktree, ".config", NULL);
      g_autofree char *text = NULL;
      gsize len;
      if (!g_file_get_contents (o->kernel_config, &text, &len, error)
          || !g_file_set_contents (dot_config, text, (gssize)len, error))
        return FALSE;
    }

  range_report_progress (s, c, "build");
  g_autofree char *default_cmd = range_build_default_cmd (o);
  const char *cmd = o->build_cmd ? o->build_cmd : default_cmd;
  int status;
  int64_t t0 = g_get_monotonic_time ();
  if (!run_in_worktree (s, c, cmd, c->build_log, &status, error))
    return FALSE;
  s->work_ns += (g_get_monotonic_time () - t0) * 1000;
  if (status == 127)
    {
      /* /bin/sh's "command not found": no commit will do better. */
      if (!o->keep_worktrees)
        remove_commit_trees (s, c);
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                   "build command not found: '%s' (log: %s)", cmd, c->build_log);
      return FALSE;
    }
  if (status != 0)
    {
      mark_failed (s, c, status, "build");
      return TRUE;
    }
  if (o->kind == RANGE_KIND_KERNEL)
    {
      range_report_progress (s, c, "install modules");
      if (!install_kernel (s, c, &status, error))
        return FALSE;
      if (status != 0)
        {
          mark_failed (s, c, status, "installing the kernel");
          return TRUE;
        }
    }
  c->build = BUILD_OK;
  c->build_exit = 0;
  c->worktree_ready = TRUE;
  return TRUE;
}

static char *
find_hv (const range_session *s, const range_commit *c, const char *worktree,
         GError **error)
{
  if (s->opts->hv)
    {
      char *hv = g_path_is_absolute (s->opts->hv)
                     ? g_strdup (s->opts->hv)
                     : g_build_filename (worktree, s->opts->hv, NULL);
      if (g_file_test (hv, G_FILE_TEST_IS_EXECUTABLE))
        return hv;
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                   "commit %s: hypervisor %s is not an executable file", c->short_sha,
                   hv);
      g_free (hv);
      return NULL;
    }
  for (const char *const *p = qemu_candidates; *p; p++)
    {
      char *hv = g_build_filename (worktree, *p, NULL);
      if (g_file_test (hv, G_FILE_TEST_IS_EXECUTABLE)
          && !g_file_test (hv, G_FILE_TEST_IS_DIR))
        return hv;
      g_free (hv);
    }
  g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
               "commit %s: no qemu-system-x86_64 in the build tree %s (use --hv PATH)",
               c->short_sha, worktree);
  return NULL;
}

char **
range_build_bench_env (const range_session *s, const range_commit *c, char **envp,
                       GError **error)
{
  g_autofree char *worktree = range_worktree_path (s, c);
  switch (s->opts->kind)
    {
    case RANGE_KIND_CUSTOM:
      break;
    case RANGE_KIND_QEMU:
      {
        g_autofree char *hv = find_hv (s, c, worktree, error);
        if (!hv)
          {
            g_strfreev (envp);
            return NULL;
          }
        envp = g_environ_setenv (envp, "LIBGUESTFS_HV", hv, TRUE);
        break;
      }
    case RANGE_KIND_KERNEL:
      {
        g_autofree char *dir = kernel_dir (s, c);
        g_autofree char *release_file = g_build_filename (dir, "release", NULL);
        g_autofree char *release = NULL;
        if (!g_file_get_contents (release_file, &release, NULL, error))
          {
            g_strfreev (envp);
            return NULL;
          }
        g_strstrip (release);
        g_autofree char *kernel = g_build_filename (worktree, KERNEL_IMAGE, NULL);
        g_autofree char *modules = installed_modules (dir, release);
        if (!modules)
          {
            g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                         "commit %s: no modules for kernel %s in %s", c->short_sha,
                         release, dir);
            g_strfreev (envp);
            return NULL;
          }
        g_autofree char *appliance = g_build_filename (dir, "appliance", NULL);
        g_mkdir_with_parents (appliance, 0755);
        envp = g_environ_setenv (envp, "SUPERMIN_KERNEL", kernel, TRUE);
        envp = g_environ_setenv (envp, "SUPERMIN_MODULES", modules, TRUE);
        envp = g_environ_setenv (envp, "SUPERMIN_KERNEL_VERSION", release, TRUE);
        /* The appliance is built from this kernel's modules: never share it. */
        envp = g_environ_setenv (envp, "LIBGUESTFS_CACHEDIR", appliance, TRUE);
        break;
      }
    }
  return envp;
}

void
range_release_worktree (range_session *s, range_commit *c)
{
  if (!c->worktree_ready || s->opts->keep_worktrees)
    return;
  remove_commit_trees (s, c);
  c->worktree_ready = FALSE;
}
