/* SPDX-License-Identifier: GPL-2.0-or-later */
/* artifacts.c: what the benchmark needs of a commit's build, kept under
 * WORKDIR/artifacts/<commit>/ right after the build, so that measuring the
 * commit again (more rounds, the confirmation, a resumed run) never builds
 * it again and the build tree moves on to the next commit:
 *   qemu:   the hypervisor (--hv, or the first qemu-system-x86_64 of the
 *           usual build directories) and the pc-bios/ beside it, which QEMU
 *           looks for next to its binary; boot-benchmark gets the copy as
 *           $LIBGUESTFS_HV;
 *   kernel: bzImage, the modules (make modules_install INSTALL_MOD_PATH=
 *           the directory), the release, and a private libguestfs appliance
 *           cache, handed over as $SUPERMIN_KERNEL, $SUPERMIN_MODULES,
 *           $SUPERMIN_KERNEL_VERSION and $LIBGUESTFS_CACHEDIR;
 *   custom: whatever the build command put in $BOOTPERF_ARTIFACTS.
 * A file COMPLETE, written last, says the directory holds the whole set. */

#include <config.h>

#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "range.h"

#define KERNEL_IMAGE "arch/x86/boot/bzImage"
#define COMPLETE "COMPLETE"

static const char *const qemu_candidates[] = {
  "build/qemu-system-x86_64",
  "build/x86_64-softmmu/qemu-system-x86_64",
  "x86_64-softmmu/qemu-system-x86_64",
  "qemu-system-x86_64",
  NULL,
};

char *
range_artifacts_path (const range_session *s, const range_commit *c)
{
  g_autofree char *name = g_strndup (c->sha, 12);
  return g_build_filename (s->artifact_dir, name, NULL);
}

static gboolean
run_quiet (char **argv, GError **error)
{
  g_autofree char *err = NULL;
  int status;
  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED, "%s %s: %s", argv[0],
                   argv[g_strv_length (argv) - 1], g_strstrip (err));
      return FALSE;
    }
  return TRUE;
}

gboolean
range_artifacts_reset (const range_session *s, const range_commit *c, GError **error)
{
  g_autofree char *dir = range_artifacts_path (s, c);
  char *rm[] = { (char *)"rm", (char *)"-rf", (char *)"--", dir, NULL };
  if (!run_quiet (rm, error))
    return FALSE;
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int e = errno;
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED, "cannot create %s: %s", dir,
                   g_strerror (e));
      return FALSE;
    }
  return TRUE;
}

/* dir holds the whole set of the commit whose hash starts with sha. */
static gboolean
dir_complete (const char *dir, const char *sha)
{
  g_autofree char *mark = g_build_filename (dir, COMPLETE, NULL);
  g_autofree char *text = NULL;
  return g_file_get_contents (mark, &text, NULL, NULL) && g_str_has_prefix (text, sha);
}

gboolean
range_artifacts_complete (const range_session *s, const range_commit *c)
{
  g_autofree char *dir = range_artifacts_path (s, c);
  return dir_complete (dir, c->sha);
}

guint
range_artifacts_count (const range_session *s)
{
  g_autoptr (GDir) dir = s->artifact_dir ? g_dir_open (s->artifact_dir, 0, NULL) : NULL;
  guint n = 0;
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (s->artifact_dir, name, NULL);
      n += dir_complete (path, name); /* named by the commit's short hash */
    }
  return n;
}

/* The hypervisor in the tree, or NULL with *missing said. */
static char *
find_hv (const range_session *s, char **missing)
{
  if (s->opts->hv)
    {
      char *hv = g_path_is_absolute (s->opts->hv)
                     ? g_strdup (s->opts->hv)
                     : g_build_filename (s->tree_dir, s->opts->hv, NULL);
      if (g_file_test (hv, G_FILE_TEST_IS_EXECUTABLE)
          && !g_file_test (hv, G_FILE_TEST_IS_DIR))
        return hv;
      *missing = g_strdup_printf ("hypervisor %s is not an executable file", hv);
      g_free (hv);
      return NULL;
    }
  for (const char *const *p = qemu_candidates; *p; p++)
    {
      char *hv = g_build_filename (s->tree_dir, *p, NULL);
      if (g_file_test (hv, G_FILE_TEST_IS_EXECUTABLE)
          && !g_file_test (hv, G_FILE_TEST_IS_DIR))
        return hv;
      g_free (hv);
    }
  *missing = g_strdup_printf (
      "no qemu-system-x86_64 in the build tree %s (use --hv PATH)", s->tree_dir);
  return NULL;
}

/* cp, following symlinks (a build's pc-bios/ links into the source). */
static gboolean
copy_in (const char *from, const char *to_dir, GError **error)
{
  char *cp[]
      = { (char *)"cp", (char *)"-RL", (char *)"--", (char *)from, (char *)to_dir, NULL };
  return run_quiet (cp, error);
}

static gboolean
keep_qemu (range_session *s, const char *dir, char **missing, GError **error)
{
  g_autofree char *hv = find_hv (s, missing);
  if (!hv)
    return TRUE;
  g_autofree char *hv_dir = g_path_get_dirname (hv);
  g_autofree char *data = g_build_filename (hv_dir, "pc-bios", NULL);
  if (!copy_in (hv, dir, error))
    return FALSE;
  return !g_file_test (data, G_FILE_TEST_IS_DIR) || copy_in (data, dir, error);
}

/* Kernel: install the modules into the directory, note the release, copy
 * bzImage.  What is missing is said in the build log (and *missing). */
static gboolean
keep_kernel (range_session *s, range_commit *c, const char *dir, char **missing,
             GError **error)
{
  g_autofree char *quoted = g_shell_quote (dir);
  g_autofree char *cmd = g_strdup_printf (
      "say () { echo \"boot-benchmark-range: $*\" >&2; exit 1; }; "
      "test -f " KERNEL_IMAGE " || say 'the build made no " KERNEL_IMAGE "'; "
      "make -s modules_install INSTALL_MOD_PATH=%1$s "
      "&& make -s --no-print-directory kernelrelease > %1$s/release || exit; "
      "r=$(cat %1$s/release); "
      "test -n \"$r\" || say 'make kernelrelease printed nothing'; "
      "test -d %1$s/lib/modules/\"$r\" || test -d %1$s/usr/lib/modules/\"$r\" "
      "|| say \"make modules_install put no lib/modules/$r (nor usr/lib/modules/$r) "
      "in \"%1$s; "
      "cp " KERNEL_IMAGE " %1$s/bzImage && mkdir -p %1$s/appliance",
      quoted);
  g_auto (GStrv) envp = g_get_environ ();
  envp = g_environ_unsetenv (envp, "MAKEFLAGS");
  envp = g_environ_unsetenv (envp, "MAKELEVEL");
  envp = g_environ_setenv (envp, "BOOTPERF_COMMIT", c->sha, TRUE);
  char *argv[] = { (char *)"/bin/sh", (char *)"-c", cmd, NULL };
  int status;
  if (!range_spawn (argv, s->tree_dir, envp, c->build_log, s->opts->build_timeout_s,
                    &status, error))
    return FALSE;
  if (status != 0)
    *missing
        = g_strdup_printf ("installing the kernel failed with exit status %d", status);
  return TRUE;
}

gboolean
range_artifacts_keep (range_session *s, range_commit *c, char **missing, GError **error)
{
  g_autofree char *dir = range_artifacts_path (s, c);
  *missing = NULL;
  gboolean ok = TRUE;
  if (s->opts->kind == RANGE_KIND_QEMU)
    ok = keep_qemu (s, dir, missing, error);
  else if (s->opts->kind == RANGE_KIND_KERNEL)
    ok = keep_kernel (s, c, dir, missing, error);
  if (!ok || *missing)
    return ok;
  g_autofree char *mark = g_build_filename (dir, COMPLETE, NULL);
  g_autofree char *text = g_strdup_printf ("%s\n", c->sha);
  return g_file_set_contents (mark, text, -1, error);
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

static char **
kernel_env (const range_commit *c, const char *dir, char **envp, GError **error)
{
  g_autofree char *release_file = g_build_filename (dir, "release", NULL);
  g_autofree char *release = NULL;
  if (!g_file_get_contents (release_file, &release, NULL, error))
    {
      g_strfreev (envp);
      return NULL;
    }
  g_strstrip (release);
  g_autofree char *modules = installed_modules (dir, release);
  if (!modules)
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                   "commit %s: no modules for kernel %s in %s", c->short_sha, release,
                   dir);
      g_strfreev (envp);
      return NULL;
    }
  g_autofree char *kernel = g_build_filename (dir, "bzImage", NULL);
  g_autofree char *appliance = g_build_filename (dir, "appliance", NULL);
  envp = g_environ_setenv (envp, "SUPERMIN_KERNEL", kernel, TRUE);
  envp = g_environ_setenv (envp, "SUPERMIN_MODULES", modules, TRUE);
  envp = g_environ_setenv (envp, "SUPERMIN_KERNEL_VERSION", release, TRUE);
  /* The appliance is built from this kernel's modules: never share it. */
  envp = g_environ_setenv (envp, "LIBGUESTFS_CACHEDIR", appliance, TRUE);
  return envp;
}

char **
range_artifacts_bench_env (const range_session *s, const range_commit *c, char **envp,
                           GError **error)
{
  g_autofree char *dir = range_artifacts_path (s, c);
  envp = g_environ_setenv (envp, "BOOTPERF_ARTIFACTS", dir, TRUE);
  if (s->opts->kind == RANGE_KIND_KERNEL)
    return kernel_env (c, dir, envp, error);
  if (s->opts->kind == RANGE_KIND_QEMU)
    {
      g_autofree char *name = s->opts->hv ? g_path_get_basename (s->opts->hv)
                                          : g_strdup ("qemu-system-x86_64");
      g_autofree char *hv = g_build_filename (dir, name, NULL);
      envp = g_environ_setenv (envp, "LIBGUESTFS_HV", hv, TRUE);
    }
  return envp;
}

static guint64 usage_total;

static int
add_usage (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)path, (void)flag, (void)ftw;
  /* Hard links counted once would need a table; builds rarely make them. */
  usage_total += (guint64)st->st_blocks * 512;
  return 0;
}

guint64
range_disk_usage (const char *path)
{
  usage_total = 0;
  nftw (path, add_usage, 32, FTW_PHYS | FTW_MOUNT);
  return usage_total;
}
