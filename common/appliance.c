/* SPDX-License-Identifier: GPL-2.0-or-later */
/* appliance.c: one measured pass of the libguestfs appliance.
 *
 * A fresh handle with /dev/null attached (raw, read-only) is configured from
 * appliance_config, then launched and closed under a watchdog thread.  The
 * watchdog kills qemu (and anything else this process started) when the pass
 * overruns its timeout, when Ctrl-C arrives, or when the caller asks: killing
 * the libguestfs program alone would leave qemu spinning, so we end our own
 * descendants ourselves (process.h).  The watchdog is stopped before the
 * handle is closed, so that close can remove its temporary directory. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "appliance.h"
#include "interrupt.h"
#include "process.h"

static int64_t
read_peak_rss_kib (int pid)
{
  if (pid <= 0)
    return -1;
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/status", pid);
  g_autofree char *status = NULL;
  if (!g_file_get_contents (path, &status, NULL, NULL))
    return -1;
  const char *hwm = strstr (status, "\nVmHWM:");
  long long kib;
  if (!hwm || sscanf (hwm + 7, " %lld", &kib) != 1)
    return -1;
  return kib;
}

typedef struct {
  const appliance_config *cfg;
  int64_t deadline_ns;       /* 0: no timeout */
  GMutex lock;
  GCond cond;
  gboolean stop;
  pass_status verdict;       /* PASS_OK until the watchdog fires */
} watchdog;

static gpointer
watchdog_thread (gpointer data)
{
  watchdog *w = data;
  g_mutex_lock (&w->lock);
  while (!w->stop)
    {
      gint64 wake = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;
      g_cond_wait_until (&w->cond, &w->lock, wake);
      if (w->stop)
        break;
      if (w->verdict == PASS_OK)
        {
          if (interrupt_requested ())
            w->verdict = PASS_INTERRUPTED;
          else if (w->deadline_ns && monotonic_ns () >= w->deadline_ns)
            w->verdict = PASS_TIMED_OUT;
          else if (w->cfg->should_abort && w->cfg->should_abort (w->cfg->opaque))
            w->verdict = PASS_FAILED;
        }
      /* Once fired, keep killing: libguestfs may still be starting qemu. */
      if (w->verdict != PASS_OK)
        process_kill_descendants (FALSE);
    }
  g_mutex_unlock (&w->lock);
  return NULL;
}

static void
watchdog_stop (watchdog *w, GThread *thread)
{
  g_mutex_lock (&w->lock);
  w->stop = TRUE;
  g_cond_signal (&w->cond);
  g_mutex_unlock (&w->lock);
  g_thread_join (thread);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->cond);
}

static char *
handle_error (guestfs_h *g, const char *what)
{
  const char *msg = guestfs_last_error (g);
  g_autofree char *one_line = g_strdup (msg ? msg : "unknown error");
  g_strdelimit (one_line, "\r\n", ' ');
  /* libguestfs appends a paragraph of debugging advice: one line is the cause. */
  static const char *const advice[] = { " Do: ", " To see full error messages", NULL };
  for (int i = 0; advice[i]; i++)
    {
      char *cut = strstr (one_line, advice[i]);
      if (cut)
        *cut = '\0';
    }
  return g_strdup_printf ("%s: %s", what, g_strstrip (one_line));
}

static gboolean
configure_handle (guestfs_h *g, const appliance_config *cfg, char **error)
{
  /* libguestfs would only say "exited with error status 126": name the file. */
  g_autofree char *hv = guestfs_get_hv (g);
  if (hv && (!g_file_test (hv, G_FILE_TEST_IS_REGULAR) || access (hv, X_OK) != 0))
    {
      int saved = g_file_test (hv, G_FILE_TEST_EXISTS) ? EACCES : ENOENT;
      *error = g_strdup_printf ("cannot run the hypervisor %s: %s (check LIBGUESTFS_HV)",
                                hv, g_strerror (saved));
      return FALSE;
    }
  if (guestfs_add_drive_opts (g, "/dev/null", GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                              GUESTFS_ADD_DRIVE_OPTS_READONLY, 1, -1)
      == -1)
    goto fail;
  if (cfg->memsize_mb > 0 && guestfs_set_memsize (g, cfg->memsize_mb) == -1)
    goto fail;
  if (cfg->smp > 0 && guestfs_set_smp (g, cfg->smp) == -1)
    goto fail;
  if (cfg->append && *cfg->append)
    {
      /* Keep whatever $LIBGUESTFS_APPEND already put there. */
      const char *existing = guestfs_get_append (g);
      g_autofree char *append = existing && *existing
                                    ? g_strdup_printf ("%s %s", existing, cfg->append)
                                    : g_strdup (cfg->append);
      if (guestfs_set_append (g, append) == -1)
        goto fail;
    }
  const char *force = cfg->accel == ACCEL_KVM ? "force_kvm" : "force_tcg";
  if (guestfs_set_backend_setting (g, force, "1") == -1)
    goto fail;
  /* qemu in its own process group: Ctrl-C reaches us, and we end qemu. */
  if (guestfs_set_pgroup (g, 1) == -1)
    goto fail;
  if (cfg->verbose && (guestfs_set_verbose (g, 1) == -1 || guestfs_set_trace (g, 1) == -1))
    goto fail;
  return TRUE;

fail:
  *error = handle_error (g, "cannot configure the libguestfs handle");
  return FALSE;
}

gboolean
appliance_effective_settings (const appliance_config *cfg, int *smp, int *memsize_mb,
                              char **append, char **error)
{
  guestfs_h *g = guestfs_create_flags (GUESTFS_CREATE_NO_CLOSE_ON_EXIT);
  if (!g)
    {
      *error = g_strdup_printf ("cannot create a libguestfs handle: %s", g_strerror (errno));
      return FALSE;
    }
  guestfs_set_error_handler (g, NULL, NULL);
  gboolean ok = configure_handle (g, cfg, error);
  if (ok)
    {
      *smp = guestfs_get_smp (g);
      *memsize_mb = guestfs_get_memsize (g);
      const char *a = guestfs_get_append (g);
      *append = a && *a ? g_strdup (a) : NULL;
    }
  guestfs_close (g);
  return ok;
}

void
appliance_run_pass (const appliance_config *cfg, pass_result *out)
{
  memset (out, 0, sizeof *out);
  out->qemu_peak_rss_kib = -1;
  out->qemu_pid = -1;

  guestfs_h *g = guestfs_create_flags (GUESTFS_CREATE_NO_CLOSE_ON_EXIT);
  if (!g)
    {
      out->status = PASS_FAILED;
      out->error = g_strdup_printf ("cannot create a libguestfs handle: %s",
                                    g_strerror (errno));
      return;
    }
  /* Errors travel back in pass_result; libguestfs must not print them. */
  guestfs_set_error_handler (g, NULL, NULL);
  if (!configure_handle (g, cfg, &out->error))
    {
      out->status = PASS_FAILED;
      guestfs_close (g);
      return;
    }
  if (cfg->setup_handle)
    cfg->setup_handle (g, cfg->opaque);

  watchdog w = { .cfg = cfg, .verdict = PASS_OK };
  g_mutex_init (&w.lock);
  g_cond_init (&w.cond);

  int64_t start = monotonic_ns ();
  if (cfg->timeout_s > 0)
    w.deadline_ns = start + (int64_t) cfg->timeout_s * 1000000000;
  GThread *thread = g_thread_new ("watchdog", watchdog_thread, &w);

  char *error = NULL;
  if (guestfs_launch (g) == -1)
    error = handle_error (g, "appliance failed to launch");
  else
    {
      out->qemu_pid = guestfs_get_pid (g);
      out->qemu_peak_rss_kib = read_peak_rss_kib (out->qemu_pid);
      if (guestfs_shutdown (g) == -1)
        error = handle_error (g, "appliance failed to shut down");
    }
  /* The watchdog stops before guestfs_close: close forks the processes that
   * remove the handle's temporary directory, and a watchdog still killing
   * everything we started would kill those and leave the directory behind.
   * After a kill or a failure, qemu is ended here, so close cannot wait on
   * it. */
  watchdog_stop (&w, thread);
  if (w.verdict != PASS_OK || error)
    process_kill_descendants (FALSE);
  guestfs_close (g);
  out->wall_ns = monotonic_ns () - start;

  /* Whatever happened, nothing we started may outlive the pass. */
  process_kill_descendants (TRUE);

  switch (w.verdict)
    {
    case PASS_TIMED_OUT:
      out->status = PASS_TIMED_OUT;
      out->error = g_strdup_printf ("no boot and shutdown within %d s: qemu was killed",
                                    cfg->timeout_s);
      g_free (error);
      break;
    case PASS_INTERRUPTED:
      out->status = PASS_INTERRUPTED;
      out->error = g_strdup_printf ("interrupted by signal %d: qemu was killed",
                                    interrupt_signal ());
      g_free (error);
      break;
    case PASS_FAILED:
      out->status = PASS_FAILED;
      out->error = error ? error : g_strdup ("stopped by the caller");
      break;
    case PASS_OK:
      out->status = error ? PASS_FAILED : PASS_OK;
      out->error = error;
      break;
    }
}
