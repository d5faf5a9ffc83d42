/* spawn.c: running builds, benchmarks and git for boot-benchmark-range.
 *
 * Builds and benchmarks run in their own process group with their output in a
 * log file, so that Ctrl-C reaches us alone: we then end the whole group
 * (boot-benchmark reacts to SIGTERM by killing its qemu) and report the
 * interruption.  git runs with its output captured. */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "interrupt.h"
#include "range.h"

G_DEFINE_QUARK (bootperf - range - error - quark, range_error)

#define POLL_US 50000
#define TERM_GRACE_US (10 * G_USEC_PER_SEC)

static void
child_own_group (gpointer unused)
{
  setpgid (0, 0);
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

/* SIGTERM to the group, then SIGKILL if it lingers; always reaps pid. */
static void
end_group (GPid pid)
{
  int status;
  kill (-pid, SIGTERM);
  for (gint64 waited = 0; waited < TERM_GRACE_US; waited += POLL_US)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        {
          kill (-pid, SIGKILL); /* stragglers of the group */
          return;
        }
      g_usleep (POLL_US);
    }
  kill (-pid, SIGKILL);
  waitpid (pid, &status, 0);
}

gboolean
range_spawn (char **argv, const char *cwd, char **envp, const char *log_path,
             int *exit_status, GError **error)
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
      cwd, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH, child_own_group,
      NULL, &pid, null_fd, log_fd, log_fd, error);
  close (log_fd);
  if (null_fd >= 0)
    close (null_fd);
  if (!spawned)
    return FALSE;

  int status;
  for (;;)
    {
      pid_t r = waitpid (pid, &status, WNOHANG);
      if (r == pid)
        break;
      if (r < 0 && errno != EINTR)
        {
          int e = errno;
          g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED, "waiting for %s: %s",
                       argv[0], g_strerror (e));
          return FALSE;
        }
      if (interrupt_requested ())
        {
          end_group (pid);
          g_set_error (error, RANGE_ERROR, RANGE_ERROR_INTERRUPTED,
                       "interrupted while running %s (log: %s)", argv[0], log_path);
          return FALSE;
        }
      g_usleep (POLL_US);
    }
  /* Whatever the child left behind in its group goes with it. */
  kill (-pid, SIGKILL);
  *exit_status = status_to_code (status);
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
