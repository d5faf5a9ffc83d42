/* SPDX-License-Identifier: GPL-2.0-or-later */
/* process.c: ending what we started, whatever happens to us.
 *
 * Killing a program that runs qemu does not kill qemu, so the tools end
 * their children themselves: a process group and then every descendant
 * found in /proc (a wrapper may have put qemu in another group).  Against
 * our own death by SIGKILL, where no code of ours runs, two things work
 * without us: the kernel's parent-death signal, set in the child, and a
 * guard, a small watcher process that notices our death through a pipe
 * and ends the child's group. */
#define _GNU_SOURCE /* pipe2 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "process.h"

#define WATCH_POLL_MS 200
#define GROUP_POLL_US 50000
#define GROUP_GONE_WAIT_US (5 * G_USEC_PER_SEC) /* after SIGKILL, for the reaping */

void
process_child_die_with_parent (pid_t parent, int sig)
{
  (void)prctl (PR_SET_PDEATHSIG, sig);
  /* The parent may have died between fork and prctl: then no signal comes. */
  if (getppid () != parent)
    _exit (127);
}

/* The text of /proc/PID/NAME, or NULL (the process is gone). */
static char *
proc_file (int pid, const char *name)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/%s", pid, name);
  char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

/* Parent pid of pid from /proc/PID/stat, or -1.  The command name may contain
 * spaces and parentheses, so parse after the last ')'. */
static int
parent_of (int pid)
{
  g_autofree char *stat = proc_file (pid, "stat");
  if (!stat)
    return -1;
  const char *rp = strrchr (stat, ')');
  char state;
  int ppid;
  if (!rp || sscanf (rp + 1, " %c %d", &state, &ppid) != 2)
    return -1;
  return ppid;
}

int64_t
process_peak_rss_kib (int pid)
{
  if (pid <= 0)
    return -1;
  g_autofree char *status = proc_file (pid, "status");
  const char *hwm = status ? strstr (status, "\nVmHWM:") : NULL;
  long long kib;
  if (!hwm || sscanf (hwm + 7, " %lld", &kib) != 1)
    return -1;
  return kib;
}

/* Every descendant of self, in the order found walking down. */
static GArray *
list_descendants (int self)
{
  /* Collect (pid, ppid) once, then walk down from ourselves. */
  g_autoptr (GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GArray) ppids = g_array_new (FALSE, FALSE, sizeof (int));
  GArray *doomed = g_array_new (FALSE, FALSE, sizeof (int));
  DIR *d = opendir ("/proc");
  if (!d)
    return doomed;
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    {
      char *end;
      long pid = strtol (e->d_name, &end, 10);
      if (*end || pid <= 0)
        continue;
      int p = (int)pid, pp = parent_of (p);
      g_array_append_val (pids, p);
      g_array_append_val (ppids, pp);
    }
  closedir (d);

  g_array_append_val (doomed, self);
  for (guint k = 0; k < doomed->len; k++)
    {
      int parent = g_array_index (doomed, int, k);
      for (guint i = 0; i < pids->len; i++)
        if (g_array_index (ppids, int, i) == parent)
          g_array_append_val (doomed, g_array_index (pids, int, i));
    }
  g_array_remove_index (doomed, 0);
  return doomed;
}

int
process_kill_descendants (gboolean reap)
{
  int self = getpid ();
  g_autoptr (GArray) doomed = list_descendants (self);
  int killed = 0;
  for (guint k = 0; k < doomed->len; k++)
    if (kill (g_array_index (doomed, int, k), SIGKILL) == 0)
      killed++;
  /* Reap the direct children once libguestfs is done with them (while it is
   * launching, it waits for qemu itself). */
  if (reap)
    for (guint k = 0; k < doomed->len; k++)
      {
        int pid = g_array_index (doomed, int, k);
        if (parent_of (pid) == self)
          (void)waitpid (pid, NULL, 0);
      }
  return killed;
}

void
process_kill_group_and_descendants (pid_t pgid)
{
  if (pgid > 0)
    kill (-pgid, SIGKILL);
  process_kill_descendants (FALSE);
}

int
process_end_group (pid_t pid, gint64 grace_us)
{
  int status = 0;
  kill (-pid, SIGTERM);
  for (gint64 waited = 0; waited < grace_us; waited += GROUP_POLL_US)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        {
          kill (-pid, SIGKILL); /* stragglers of the group */
          return status;
        }
      g_usleep (GROUP_POLL_US);
    }
  kill (-pid, SIGKILL);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  return status;
}

/* The watcher's side: only async-signal-safe calls from here on, since the
 * process that forked it may have had other threads. */
static void
sleep_us (long us)
{
  struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };
  while (nanosleep (&ts, &ts) < 0 && errno == EINTR)
    ;
}

static gboolean
group_gone (pid_t pgid)
{
  return kill (-pgid, 0) < 0 && errno == ESRCH;
}

static void
end_orphaned_group (pid_t pgid, gint64 grace_us)
{
  kill (-pgid, SIGTERM);
  for (gint64 waited = 0; waited < grace_us && !group_gone (pgid);
       waited += GROUP_POLL_US)
    sleep_us (GROUP_POLL_US);
  kill (-pgid, SIGKILL);
  for (gint64 waited = 0; waited < GROUP_GONE_WAIT_US && !group_gone (pgid);
       waited += GROUP_POLL_US)
    sleep_us (GROUP_POLL_US);
}

static void G_GNUC_NORETURN
watch_parent (int fd, pid_t parent, pid_t pgid, gint64 grace_us)
{
  /* Its own session: the terminal's Ctrl-C and hangup, and whoever kills our
   * process group, do not reach it. */
  setsid ();
  /* Nor does it hold our terminal or a pipe someone reads us through. */
  int null_fd = fd > 2 ? open ("/dev/null", O_RDWR) : -1;
  if (null_fd >= 0)
    for (int std = 0; std <= 2; std++)
      dup2 (null_fd, std);
  if (null_fd > 2)
    close (null_fd);
  struct sigaction ignore;
  memset (&ignore, 0, sizeof ignore);
  ignore.sa_handler = SIG_IGN;
  sigaction (SIGPIPE, &ignore, NULL);
  for (;;)
    {
      struct pollfd p = { .fd = fd, .events = POLLIN };
      if (poll (&p, 1, WATCH_POLL_MS) > 0)
        {
          char c;
          ssize_t r = read (fd, &c, 1);
          if (r == 1)
            _exit (0); /* released */
          if (r == 0)
            break; /* every holder of the other end is gone */
        }
      if (kill (parent, 0) < 0 && errno == ESRCH)
        break;
    }
  end_orphaned_group (pgid, grace_us);
  _exit (0);
}

gboolean
process_guard_start (process_guard *guard, pid_t pgid, gint64 grace_us, GError **error)
{
  guard->fd = -1;
  int fds[2];
  if (pipe2 (fds, O_CLOEXEC) < 0)
    {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                   "cannot watch process group %d: pipe: %s", (int)pgid, g_strerror (e));
      return FALSE;
    }
  pid_t parent = getpid ();
  /* Twice forked: the watcher is nobody's child of ours, so killing our
   * descendants does not kill it, and it reaps itself through init. */
  pid_t middle = fork ();
  if (middle == 0)
    {
      close (fds[1]);
      if (fork () == 0)
        watch_parent (fds[0], parent, pgid, grace_us);
      _exit (0);
    }
  int fork_errno = errno;
  close (fds[0]);
  if (middle < 0)
    {
      close (fds[1]);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (fork_errno),
                   "cannot watch process group %d: fork: %s", (int)pgid,
                   g_strerror (fork_errno));
      return FALSE;
    }
  while (waitpid (middle, NULL, 0) < 0 && errno == EINTR)
    ;
  guard->fd = fds[1];
  return TRUE;
}

void
process_guard_release (process_guard *guard)
{
  if (guard->fd < 0)
    return;
  /* A byte says "released"; the watcher then exits without touching the
   * group.  (If it has already gone, the write fails: nothing to do.) */
  ssize_t r;
  do
    r = write (guard->fd, "r", 1);
  while (r < 0 && errno == EINTR);
  close (guard->fd);
  guard->fd = -1;
}
