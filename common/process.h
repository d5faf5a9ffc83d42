/* SPDX-License-Identifier: GPL-2.0-or-later */
/* process.h: the one process supervisor.  Everything the tools start (qemu,
 * a wrapper around it, libguestfs's helpers, a build, a benchmark) is ended
 * through these functions: kill a process group and every descendant, end a
 * child's group politely then firmly, and make children die with us even
 * when we are killed with SIGKILL. */
#ifndef BOOTPERF_PROCESS_H
#define BOOTPERF_PROCESS_H

#include <stdint.h>
#include <sys/types.h>
#include <glib.h>

/* The peak resident memory (VmHWM) of the running process pid, in KiB; -1
 * when unknown (pid <= 0, or the process is gone). */
int64_t process_peak_rss_kib (int pid);

/* In a child between fork and exec (async-signal-safe): the kernel sends sig
 * to the child when parent (this process's pid, read before the fork) dies.
 * If parent has already died, the child exits at once with status 127. */
void process_child_die_with_parent (pid_t parent, int sig);

/* SIGKILL every descendant of this process (found through /proc); with
 * reap, also wait for the direct children among them (only once nobody else,
 * such as libguestfs, waits for them).  Returns how many were signalled. */
int process_kill_descendants (gboolean reap);

/* SIGKILL the process group pgid (if > 0), then every descendant: a wrapper
 * may have started processes in other groups. */
void process_kill_group_and_descendants (pid_t pgid);

/* End child pid, which leads its own process group: SIGTERM to the group,
 * up to grace_us for pid to exit, then SIGKILL to the group.  Always reaps
 * pid; returns its wait status. */
int process_end_group (pid_t pid, gint64 grace_us);

/* A guard: a small watcher process, outside our process group, that ends
 * process group pgid (SIGTERM, grace_us, SIGKILL) if this process dies
 * before releasing the guard, SIGKILL included.  The watcher keeps every
 * descriptor this process had open (a lock on a work directory, say) until
 * that group is gone, so no new run can overlap what an old one left. */
typedef struct
{
  int fd; /* our end of the pipe to the watcher; -1: no guard */
} process_guard;

/* Errors name the cause (fork, pipe). */
gboolean process_guard_start (process_guard *guard, pid_t pgid, gint64 grace_us,
                              GError **error);
/* The group is ours to end again: the watcher exits without touching it. */
void process_guard_release (process_guard *guard);

#endif
