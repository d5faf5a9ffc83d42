/* SPDX-License-Identifier: GPL-2.0-or-later */
/* build.c: turning a commit into something boot-benchmark can boot.
 *
 * Every commit is built in one build tree the tool owns, WORKDIR/tree (a git
 * worktree of the repository, never the user's checkout): the commit is
 * checked out in place and the build command runs there, so make or ninja
 * rebuilds only what changed since the previous commit built in it.  ccache,
 * when installed, goes in front of the compiler (its masquerade directory
 * first in PATH, unless --no-ccache) and is told to hash paths relative to
 * the tree.  The
 * command runs under /bin/sh with $BOOTPERF_WORKTREE (the tree),
 * $BOOTPERF_COMMIT and $BOOTPERF_ARTIFACTS set, bounded by --build-timeout;
 * its output goes to a fresh log in WORKDIR/logs/<commit>/.  Then
 * artifacts.c keeps what the benchmark needs.  A failed build is recorded
 * with its first error line; when the first build of a run fails for a
 * reason every commit shares (the network, a missing tool), the run stops
 * there instead of building every commit. */

#include <config.h>

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "progress.h"
#include "range.h"

/* Where Debian's (and Fedora's lib64) ccache puts its compiler names. */
#ifndef CCACHE_MASQUERADE
#define CCACHE_MASQUERADE "/usr/lib/ccache"
#endif

char *
range_build_default_cmd (const range_options *o)
{
  switch (o->kind)
    {
    case RANGE_KIND_QEMU:
      /* configure once: QEMU's configure starts build/ afresh, make alone
       * reconfigures when it must.  --disable-download where configure has
       * it (QEMU 8.1 on): subprojects come from the sources we provide. */
      return g_strdup ("{ test -f build/build.ninja || ./configure "
                       "--target-list=x86_64-softmmu $(./configure --help 2>/dev/null "
                       "| grep -q -e '--disable-download' && echo --disable-download); } "
                       "&& make -j$(nproc)");
    case RANGE_KIND_KERNEL:
      return g_strdup ("make olddefconfig && make -j$(nproc) bzImage modules");
    case RANGE_KIND_CUSTOM:
      break;
    }
  return NULL;
}

char *
range_log_path (const range_session *s, const range_commit *c, const char *name,
                const char *ext)
{
  g_autofree char *dir = g_build_filename (s->log_dir, c->short_sha, NULL);
  g_mkdir_with_parents (dir, 0755);
  for (guint k = 1;; k++)
    {
      g_autofree char *file = k == 1 ? g_strdup_printf ("%s.%s", name, ext)
                                     : g_strdup_printf ("%s-%u.%s", name, k, ext);
      char *path = g_build_filename (dir, file, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }
}

/* The environment of a build: the commit's variables, ccache made
 * independent of the tree's path, and no make of ours leaking in. */
static char **
build_env (const range_session *s, const range_commit *c)
{
  g_auto (GStrv) envp = g_get_environ ();
  /* A make we run under (CI, a test suite) must not reach the commit's
   * build: its MAKEFLAGS can add -w, whose "Entering directory" lines
   * would land in the output of make kernelrelease, or a jobserver whose
   * descriptors the build does not have. */
  static const char *const make_vars[]
      = { "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", NULL };
  for (const char *const *v = make_vars; *v; v++)
    envp = g_environ_unsetenv (envp, *v);
  g_autofree char *artifacts = range_artifacts_path (s, c);
  envp = g_environ_setenv (envp, "BOOTPERF_WORKTREE", s->tree_dir, TRUE);
  envp = g_environ_setenv (envp, "BOOTPERF_COMMIT", c->sha, TRUE);
  envp = g_environ_setenv (envp, "BOOTPERF_ARTIFACTS", artifacts, TRUE);
  /* ccache hashes the directory of a -g compile and absolute paths: with
   * these it hits whatever path a tree has (the user's settings win). */
  envp = g_environ_setenv (envp, "CCACHE_NOHASHDIR", "1", FALSE);
  envp = g_environ_setenv (envp, "CCACHE_BASEDIR", s->tree_dir, FALSE);
  /* QEMU's configure hands meson its compiler by name, so meson does not
   * put ccache in front of it: ccache's masquerade directory (cc, gcc...
   * that run ccache) first in PATH does, for any build system. */
  const char *path = g_environ_getenv (envp, "PATH");
  if (s->opts->use_ccache && g_file_test (CCACHE_MASQUERADE, G_FILE_TEST_IS_DIR)
      && !(path && strstr (path, CCACHE_MASQUERADE)))
    {
      g_autofree char *with
          = g_strdup_printf ("%s:%s", CCACHE_MASQUERADE, path ? path : "/usr/bin:/bin");
      envp = g_environ_setenv (envp, "PATH", with, TRUE);
    }
  return g_steal_pointer (&envp);
}

static gboolean
run_in_tree (range_session *s, range_commit *c, const char *cmd, int timeout_s,
             int *status, GError **error)
{
  g_auto (GStrv) envp = build_env (s, c);
  char *argv[] = { (char *)"/bin/sh", (char *)"-c", (char *)cmd, NULL };
  return range_spawn (argv, s->tree_dir, envp, c->build_log, timeout_s, status, error);
}

static char *
format_seconds (double sec)
{
  if (sec < 60)
    return g_strdup_printf ("%.1fs", sec);
  int t = (int)lround (sec);
  if (t < 3600)
    return g_strdup_printf ("%dm%02ds", t / 60, t % 60);
  return g_strdup_printf ("%dh%02dm%02ds", t / 3600, t / 60 % 60, t % 60);
}

/* "Built 1a2b3c4 in 1m52s (from 9f8e7d6 in the build tree; log: ...)" */
static void
report_build (range_session *s, const range_commit *c, const char *from,
              const char *outcome)
{
  if (!s->out)
    return;
  g_autofree char *took = format_seconds (c->build_s);
  progress_clear ();
  fprintf (s->out, "%s %s %s in %s (%s%.7s; log: %s)\n", outcome, c->short_sha,
           c->subject, took, from ? "incremental from " : "first in the build tree",
           from ? from : "", c->build_log);
  fflush (s->out);
}

/* The first error line and whether every commit would fail alike. */
static void
read_failure (const range_commit *c, int status, range_build_failure *f)
{
  g_autofree char *text = NULL;
  if (!c->build_log || !g_file_get_contents (c->build_log, &text, NULL, NULL))
    text = g_strdup ("");
  range_build_failure_read (text, status, f);
}

static char *
describe_failure (const range_session *s, const range_build_failure *f, int status)
{
  if (status == RANGE_SPAWN_TIMED_OUT)
    return g_strdup_printf ("stopped after the --build-timeout of %d s",
                            s->opts->build_timeout_s);
  g_autofree char *head = g_strdup_printf ("exit status %d", status);
  g_autofree char *missing = f->network ? range_sources_missing (s) : NULL;
  if (missing)
    return g_strdup_printf ("%s: it needs %s, which it would download: put a copy "
                            "there in your checkout (meson subprojects download, git "
                            "submodule update) or under --source-cache DIR",
                            head, missing);
  if (f->subproject)
    return g_strdup_printf ("%s: it tried to download '%s' (%s): put a copy of it in "
                            "your checkout or under --source-cache DIR",
                            head, f->subproject,
                            f->first_error ? f->first_error : "no network");
  if (f->first_error)
    return g_strdup_printf ("%s: %s", head, f->first_error);
  return g_steal_pointer (&head);
}

/* Record a failed build; FALSE with an error when the run should stop:
 * nothing has built yet and the reason is one every commit shares. */
static gboolean
mark_failed (range_session *s, range_commit *c, int status, const char *what,
             GError **error)
{
  range_build_failure f = { 0 };
  read_failure (c, status, &f);
  g_free (c->build_reason);
  c->build_reason = describe_failure (s, &f, status);
  c->build = BUILD_FAILED;
  c->build_exit = status == RANGE_SPAWN_TIMED_OUT ? -1 : status;
  c->artifacts_ready = FALSE;
  g_free (c->skip_reason);
  c->skip_reason
      = g_strdup_printf ("%s failed, %s (log: %s)", what, c->build_reason, c->build_log);
  s->builds_failed++;
  if (!s->first_failure)
    s->first_failure = g_strdup (c->build_reason);
  gboolean stop = s->builds_ok == 0 && (f.every_commit || status == 127);
  range_build_failure_clear (&f);
  if (!stop)
    return TRUE;
  g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
               "%s of %s failed, %s; every commit would fail alike, so none other was "
               "built (log: %s)",
               what, c->short_sha, c->build_reason, c->build_log);
  return FALSE;
}

/* Kernel: the configuration to start from, as .config. */
static gboolean
copy_kernel_config (range_session *s, GError **error)
{
  g_autofree char *dot_config = g_build_filename (s->tree_dir, ".config", NULL);
  g_autofree char *text = NULL;
  gsize len;
  return g_file_get_contents (s->opts->kernel_config, &text, &len, error)
         && g_file_set_contents (dot_config, text, (gssize)len, error);
}

/* Bring in what the build would download, and say so in its log. */
static gboolean
provide_sources (range_session *s, range_commit *c, GError **error)
{
  g_autoptr (GPtrArray) copied = g_ptr_array_new_with_free_func (g_free);
  if (!range_sources_provide (s, copied, error))
    return FALSE;
  for (guint i = 0; i < copied->len; i++)
    {
      g_autofree char *line
          = g_strdup_printf ("provided %s", (char *)g_ptr_array_index (copied, i));
      range_log_note (c->build_log, line);
    }
  return TRUE;
}

/* Check the commit out in the tree and run the build command there. */
static gboolean
checkout_and_build (range_session *s, range_commit *c, int *status, GError **error)
{
  const range_options *o = s->opts;
  range_report_progress (s, c, "checkout");
  if (!range_git_tree_checkout (o->repo, s->tree_dir, c->sha, error))
    return FALSE;
  /* The tree now holds c: whatever happens next, it is no longer what was
   * built before. */
  g_clear_pointer (&s->tree_commit, g_free);
  if (!range_artifacts_reset (s, c, error))
    return FALSE;
  g_free (c->build_log);
  c->build_log = range_log_path (s, c, "build", "log");
  if (!provide_sources (s, c, error))
    return FALSE;
  if (o->kind == RANGE_KIND_KERNEL && o->kernel_config && !copy_kernel_config (s, error))
    return FALSE;
  range_report_progress (s, c, "build");
  g_autofree char *default_cmd = range_build_default_cmd (o);
  return run_in_tree (s, c, o->build_cmd ? o->build_cmd : default_cmd, o->build_timeout_s,
                      status, error);
}

gboolean
range_build (range_session *s, range_commit *c, GError **error)
{
  if (c->build == BUILD_FAILED || c->artifacts_ready)
    return TRUE;
  g_autofree char *from = g_strdup (s->tree_commit);
  int status;
  int64_t t0 = g_get_monotonic_time ();
  gboolean ran = checkout_and_build (s, c, &status, error);
  int64_t took = g_get_monotonic_time () - t0;
  s->work_ns += took * 1000;
  c->build_s = (double)took / G_USEC_PER_SEC;
  if (!ran)
    return FALSE;
  /* Built or not, the tree holds c's objects now: the next build starts
   * from them. */
  s->tree_commit = g_strdup (c->sha);
  if (status != 0)
    {
      report_build (s, c, from, "Build failed:");
      return mark_failed (s, c, status, "build", error);
    }
  range_report_progress (s, c, "keep artifacts");
  g_autofree char *missing = NULL;
  if (!range_artifacts_keep (s, c, &missing, error))
    return FALSE;
  report_build (s, c, from, "Built");
  if (missing)
    {
      range_log_note (c->build_log, missing);
      s->builds_failed++;
      c->build = BUILD_FAILED;
      c->build_exit = 1;
      g_free (c->build_reason);
      c->build_reason = g_steal_pointer (&missing);
      g_free (c->skip_reason);
      c->skip_reason = g_strdup_printf ("its build left no artifacts: %s (log: %s)",
                                        c->build_reason, c->build_log);
      return TRUE;
    }
  s->builds_ok++;
  c->build = BUILD_OK;
  c->build_exit = 0;
  c->artifacts_ready = TRUE;
  return TRUE;
}

/* "12.3 MB": plain spaces and decimal units, for scripts. */
static char *
format_bytes (guint64 n)
{
  if (n < 1000 * 1000)
    return g_strdup_printf ("%.1f kB", (double)n / 1e3);
  if (n < (guint64)1000 * 1000 * 1000)
    return g_strdup_printf ("%.1f MB", (double)n / 1e6);
  return g_strdup_printf ("%.2f GB", (double)n / 1e9);
}

char *
range_build_disk_summary (const range_session *s)
{
  guint64 tree = range_disk_usage (s->tree_dir);
  guint64 kept = range_disk_usage (s->artifact_dir);
  g_autofree char *tree_text = format_bytes (tree);
  g_autofree char *kept_text = format_bytes (kept);
  guint commits = range_artifacts_count (s);
  return g_strdup_printf ("Disk: %s of artifacts for %u commit%s in %s; build tree %s "
                          "in %s%s",
                          kept_text, commits, commits == 1 ? "" : "s", s->artifact_dir,
                          tree_text, s->tree_dir,
                          s->opts->remove_tree ? " (removed now)"
                                               : " (kept for the next run; --remove-tree "
                                                 "reclaims it)");
}

void
range_build_remove_tree (range_session *s)
{
  range_git_worktree_remove (s->opts->repo, s->tree_dir);
  g_clear_pointer (&s->tree_commit, g_free);
}
