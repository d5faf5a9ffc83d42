/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spawn.c: running builds, benchmarks and git for boot-benchmark-range.
 *
 * Builds and benchmarks run in their own process group with their output in a
 * log file, so that Ctrl-C reaches us alone: we then end the whole group
 * (boot-benchmark reacts to SIGTERM by killing its qemu) and report the
 * interruption.  The same happens when a run overruns its time limit, and,
 * through process.h's guard and parent-death signal, when we are killed
 * outright.  git runs with its output captured. */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "interrupt.h"
#include "process.h"
#include "range.h"

/* clang-format off */
G_DEFINE_QUARK (bootperf-range-error-quark, range_error)
/* clang-format on */

#define POLL_US 50000
#define TERM_GRACE_US (10 * G_USEC_PER_SEC)

static void
child_setup (gpointer parent_pid)
{
  setpgid (0, 0);
  /* boot-benchmark ends its qemu on SIGTERM. */
  process_child_die_with_parent ((pid_t)GPOINTER_TO_INT (parent_pid), SIGTERM);
}

static int
status_to_code (int status)
{
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return 255;
}

void
range_log_note (const char *log_path, const char *note)
{
  FILE *f = fopen (log_path, "ae");
  if (!f)
    return;
  fprintf (f, "boot-benchmark-range: %s\n", note);
  fclose (f);
}

/* Wait for pid, ending its group on Ctrl-C or when timeout_s (0: none) runs
 * out.  Returns the wait status in *status, or FALSE with an error. */
static gboolean
wait_child (GPid pid, char **argv, const char *log_path, int timeout_s, int *status,
            gboolean *timed_out, GError **error)
{
  gint64 deadline
      = timeout_s > 0 ? g_get_monotonic_time () + (gint64)timeout_s * G_USEC_PER_SEC : 0;
  *timed_out = FALSE;
  for (;;)
    {
      pid_t r = waitpid (pid, status, WNOHANG);
      if (r == pid)
        return TRUE;
      if (r < 0 && errno != EINTR)
        {
          int e = errno;
          g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED, "waiting for %s: %s",
                       argv[0], g_strerror (e));
          return FALSE;
        }
      if (interrupt_requested ())
        {
          process_end_group (pid, TERM_GRACE_US);
          g_set_error (error, RANGE_ERROR, RANGE_ERROR_INTERRUPTED,
                       "interrupted while running %s (log: %s)", argv[0], log_path);
          return FALSE;
        }
      if (deadline && g_get_monotonic_time () >= deadline)
        {
          *status = process_end_group (pid, TERM_GRACE_US);
          *timed_out = TRUE;
          g_autofree char *note
              = g_strdup_printf ("stopped after the time limit of %d s", timeout_s);
          range_log_note (log_path, note);
          return TRUE;
        }
      g_usleep (POLL_US);
    }
}

gboolean
range_spawn (char **argv, const char *cwd, char **envp, const char *log_path,
             int timeout_s, int *exit_status, GError **error)
{
  int log_fd = open (log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0)
    {
      int e = errno;
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED, "cannot open log %s: %s",
                   log_path, g_strerror (e));
      return FALSE;
    }
  int null_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  GPid pid;
  gboolean spawned = g_spawn_async_with_fds (
      cwd, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH, child_setup,
      GINT_TO_POINTER ((int)getpid ()), &pid, null_fd, log_fd, log_fd, error);
  close (log_fd);
  if (null_fd >= 0)
    close (null_fd);
  if (!spawned)
    return FALSE;
  /* Should we be killed outright, the group still ends; and until it has,
   * the watcher holds the work directory's lock. */
  process_guard guard;
  setpgid (pid, pid);
  (void)process_guard_start (&guard, pid, TERM_GRACE_US, NULL);

  int status = 0;
  gboolean timed_out;
  gboolean waited
      = wait_child (pid, argv, log_path, timeout_s, &status, &timed_out, error);
  /* Whatever the child left behind in its group goes with it. */
  if (waited)
    kill (-pid, SIGKILL);
  process_guard_release (&guard);
  if (!waited)
    return FALSE;
  *exit_status = timed_out ? RANGE_SPAWN_TIMED_OUT : status_to_code (status);
  return TRUE;
}

static char *
first_line (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  char *nl = strchr (copy, '\n');
  if (nl)
    *nl = '\0';
  return g_strdup (*copy ? copy : "no message");
}

gboolean
range_spawn_git (const char *repo, const char *const *args, char **out, GError **error)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) "git");
  g_ptr_array_add (argv, (gpointer) "-C");
  g_ptr_array_add (argv, (gpointer)repo);
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add (argv, (gpointer)*a);
  g_ptr_array_add (argv, NULL);

  g_autofree char *std_out = NULL;
  g_autofree char *std_err = NULL;
  int status;
  GError *spawn_error = NULL;
  if (!g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &std_out, &std_err, &status, &spawn_error))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED, "cannot run git: %s",
                   spawn_error->message);
      g_error_free (spawn_error);
      return FALSE;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_autofree char *msg = first_line (std_err);
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED, "git %s: %s", args[0], msg);
      return FALSE;
    }
  if (out)
    *out = g_steal_pointer (&std_out);
  return TRUE;
}
