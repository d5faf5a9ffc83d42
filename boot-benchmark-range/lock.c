/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lock.c: one boot-benchmark-range run per work directory.
 *
 * Two runs on one work directory would remove each other's worktrees.  The
 * lock is flock() on WORKDIR/lock, which says who holds it (pid, start
 * time).  The kernel drops it when the last holder is gone: the run itself,
 * or the guard process.h leaves behind while ending a benchmark that a
 * killed run left running, so a resumed run never overlaps that benchmark. */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "range.h"

#define LOCK_NAME "lock"

/* "in use by another boot-benchmark-range (pid N, started T)", from the
 * lock file's contents. */
static char *
describe_holder (int fd)
{
  char text[256];
  ssize_t n = pread (fd, text, sizeof text - 1, 0);
  text[n > 0 ? n : 0] = '\0';
  int pid = 0;
  char started[64] = "an unknown time";
  const char *line = strstr (text, "started ");
  if (sscanf (text, "pid %d", &pid) != 1 || pid <= 0)
    return g_strdup ("is in use by another boot-benchmark-range");
  if (line)
    sscanf (line, "started %63s", started);
  if (kill (pid, 0) < 0 && errno == ESRCH)
    return g_strdup_printf ("is still held while the benchmark left by "
                            "boot-benchmark-range pid %d (started %s, since killed) "
                            "is being stopped: retry in a few seconds",
                            pid, started);
  return g_strdup_printf ("is in use by another boot-benchmark-range (pid %d, "
                          "started %s): wait for it to end, or use another --workdir",
                          pid, started);
}

int
range_lock_workdir (const char *workdir, GError **error)
{
  g_autofree char *path = g_build_filename (workdir, LOCK_NAME, NULL);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_INPUT, "work directory %s: %s: %s",
                   workdir, path, g_strerror (e));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) < 0)
    {
      int e = errno;
      g_autofree char *holder
          = e == EWOULDBLOCK ? describe_holder (fd) : g_strdup (g_strerror (e));
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED, "work directory %s %s",
                   workdir, holder);
      close (fd);
      return -1;
    }
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%z");
  g_autofree char *text = g_strdup_printf ("pid %d\nstarted %s\n", (int)getpid (), when);
  if (ftruncate (fd, 0) < 0 || pwrite (fd, text, strlen (text), 0) < 0)
    {
      /* The lock holds all the same; only the message for another run
       * would be vaguer. */
    }
  return fd;
}
