/* SPDX-License-Identifier: GPL-2.0-or-later */
/* appliance.c: the libguestfs appliance as a boot target.
 *
 * A fresh handle with /dev/null attached (raw, read-only) is configured from
 * appliance_config, then launched and closed under a watchdog thread.  The
 * watchdog kills qemu (and anything else this process started) when the pass
 * overruns its timeout, when Ctrl-C arrives, or when the pass's caller asks
 * (the KVM probe, once it knows): killing the libguestfs program alone would
 * leave qemu spinning, so we end our own descendants ourselves (process.h).
 * The watchdog is stopped before the handle is closed, so that close can
 * remove its temporary directory. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <guestfs.h>

#include "appliance.h"
#include "capture.h"
#include "hostinfo.h"
#include "kvm-probe.h"
#include "process.h"

/* What a pass adds to the plain boot. */
typedef struct
{
  event_capture *capture; /* receives the pass's events, or NULL */
  kvm_probe *probe;       /* watches the console, or NULL */
} pass_hooks;

typedef struct
{
  pass_limits limits;
  GMutex lock;
  GCond cond;
  gboolean stop;
  pass_status verdict; /* PASS_OK until the watchdog fires */
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
        w->verdict = pass_limits_check (&w->limits, monotonic_ns ());
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

/* libguestfs would only say "exited with error status 126": name the file. */
static gboolean
check_hypervisor (guestfs_h *g, char **error)
{
  g_autofree char *hv = guestfs_get_hv (g);
  if (!hv || (g_file_test (hv, G_FILE_TEST_IS_REGULAR) && access (hv, X_OK) == 0))
    return TRUE;
  int saved = g_file_test (hv, G_FILE_TEST_EXISTS) ? EACCES : ENOENT;
  *error = g_strdup_printf ("cannot run the hypervisor %s: %s (check LIBGUESTFS_HV)", hv,
                            g_strerror (saved));
  return FALSE;
}

/* Append to whatever $LIBGUESTFS_APPEND already put there. */
static int
add_append (guestfs_h *g, const char *append)
{
  if (!append || !*append)
    return 0;
  const char *existing = guestfs_get_append (g);
  g_autofree char *both = existing && *existing
                              ? g_strdup_printf ("%s %s", existing, append)
                              : g_strdup (append);
  return guestfs_set_append (g, both);
}

static gboolean
configure_handle (guestfs_h *g, const appliance_config *cfg, accel_kind accel,
                  char **error)
{
  if (!check_hypervisor (g, error))
    return FALSE;
  const char *force = accel == ACCEL_KVM ? "force_kvm" : "force_tcg";
  if (guestfs_add_drive_opts (g, "/dev/null", GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                              GUESTFS_ADD_DRIVE_OPTS_READONLY, 1, -1)
          == -1
      || (cfg->memsize_mb > 0 && guestfs_set_memsize (g, cfg->memsize_mb) == -1)
      || (cfg->smp > 0 && guestfs_set_smp (g, cfg->smp) == -1)
      || add_append (g, cfg->append) == -1
      || guestfs_set_backend_setting (g, force, "1") == -1
      /* qemu in its own process group: Ctrl-C reaches us, and we end qemu. */
      || guestfs_set_pgroup (g, 1) == -1
      || (cfg->verbose
          && (guestfs_set_verbose (g, 1) == -1 || guestfs_set_trace (g, 1) == -1)))
    {
      *error = handle_error (g, "cannot configure the libguestfs handle");
      return FALSE;
    }
  return TRUE;
}

/* A configured handle (events to hooks->capture); NULL with *error. */
static guestfs_h *
open_handle (const appliance_config *cfg, accel_kind accel, const pass_hooks *hooks,
             char **error)
{
  guestfs_h *g = guestfs_create_flags (GUESTFS_CREATE_NO_CLOSE_ON_EXIT);
  if (!g)
    {
      *error
          = g_strdup_printf ("cannot create a libguestfs handle: %s", g_strerror (errno));
      return NULL;
    }
  /* Errors travel back in pass_result; libguestfs must not print them. */
  guestfs_set_error_handler (g, NULL, NULL);
  g_autoptr (GError) err = NULL;
  gboolean ok = configure_handle (g, cfg, accel, error);
  if (ok && hooks && hooks->capture && !event_capture_attach (hooks->capture, g, &err))
    {
      *error = g_strdup (err->message);
      ok = FALSE;
    }
  if (ok)
    return g;
  guestfs_close (g);
  return NULL;
}

/* Launch and shut down; NULL, or what failed. */
static char *
launch_and_shutdown (guestfs_h *g, pass_result *out)
{
  if (guestfs_launch (g) == -1)
    return handle_error (g, "appliance failed to launch");
  out->qemu_pid = guestfs_get_pid (g);
  out->qemu_peak_rss_kib = process_peak_rss_kib (out->qemu_pid);
  if (guestfs_shutdown (g) == -1)
    return handle_error (g, "appliance failed to shut down");
  return NULL;
}

/* The pass's status and error from the watchdog's verdict and the boot's
 * own error (taken). */
static void
set_outcome (pass_result *out, pass_status verdict, char *error, int timeout_s)
{
  out->status = verdict == PASS_OK && error ? PASS_FAILED : verdict;
  if (verdict == PASS_TIMED_OUT)
    out->error = g_strdup_printf ("no boot and shutdown within %d s: qemu was killed",
                                  timeout_s);
  else if (verdict == PASS_INTERRUPTED)
    out->error = pass_interrupted_message ();
  else if (verdict == PASS_FAILED && !error)
    out->error = g_strdup ("stopped by the caller");
  else
    out->error = g_steal_pointer (&error);
  g_free (error);
}

/* One pass.  Never hangs longer than timeout_s (+ a few seconds to reap
 * qemu), never leaves qemu running.  Fills *out in every case. */
static void
run_appliance_pass (const appliance_config *cfg, accel_kind accel,
                    const pass_hooks *hooks, pass_result *out)
{
  *out = (pass_result){ .qemu_peak_rss_kib = -1, .qemu_pid = -1 };
  guestfs_h *g = open_handle (cfg, accel, hooks, &out->error);
  if (!g)
    {
      out->status = PASS_FAILED;
      return;
    }
  int64_t start = monotonic_ns ();
  watchdog w = { .verdict = PASS_OK };
  if (cfg->timeout_s > 0)
    w.limits.deadline_ns = start + (int64_t)cfg->timeout_s * 1000000000;
  if (hooks && hooks->probe)
    w.limits = (pass_limits){ w.limits.deadline_ns, kvm_probe_should_stop, hooks->probe };
  g_mutex_init (&w.lock);
  g_cond_init (&w.cond);
  GThread *thread = g_thread_new ("watchdog", watchdog_thread, &w);
  char *error = launch_and_shutdown (g, out);
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
  set_outcome (out, w.verdict, error, cfg->timeout_s);
}

typedef struct
{
  boot_target base;
  appliance_config cfg;
  char *append;           /* cfg.append's own copy */
  event_capture *capture; /* when base.capture */
} appliance_target;

static void
target_run_pass (boot_target *t, guint pass, boot_pass *out)
{
  appliance_target *a = (appliance_target *)t;
  *out = (boot_pass){ 0 };
  boot_marks_clear (&out->marks);
  pass_hooks hooks = { .capture = t->capture ? a->capture : NULL };
  if (hooks.capture)
    event_capture_begin_pass (hooks.capture, pass);
  run_appliance_pass (&a->cfg, t->accel, &hooks, &out->result);
  if (hooks.capture)
    out->events = event_capture_end_pass (hooks.capture);
}

/* Boot under KVM with libguestfs's own qemu until the kernel speaks. */
static gboolean
target_kvm_boots (boot_target *t, char **reason)
{
  appliance_target *a = (appliance_target *)t;
  appliance_config cfg = a->cfg;
  cfg.timeout_s = KVM_PROBE_TOTAL_S;
  cfg.verbose = FALSE;
  g_autoptr (event_capture) capture = event_capture_new ();
  g_autoptr (kvm_probe) probe = kvm_probe_new ();
  event_capture_begin_pass (capture, 0);
  kvm_probe_watch (probe, capture);
  pass_hooks hooks = { .capture = capture, .probe = probe };
  pass_result r;
  run_appliance_pass (&cfg, ACCEL_KVM, &hooks, &r);
  gboolean works = kvm_probe_verdict (probe, &r, reason);
  pass_result_clear (&r);
  return works;
}

/* A string libguestfs allocated, as glib's; "unknown" for NULL. */
static char *
libguestfs_string (char *s)
{
  char *copy = g_strdup (s ? s : "unknown");
  free (s);
  return copy;
}

/* What libguestfs will really use: a configured handle, never launched. */
static gboolean
target_facts (boot_target *t, boot_target_facts *out, GError **error)
{
  appliance_target *a = (appliance_target *)t;
  *out = (boot_target_facts){ 0 };
  char *message = NULL;
  guestfs_h *g = open_handle (&a->cfg, t->accel, NULL, &message);
  if (!g)
    {
      g_set_error (error, PASS_ERROR, PASS_FAILED, "%s", message);
      g_free (message);
      return FALSE;
    }
  out->smp = guestfs_get_smp (g);
  out->memsize_mb = guestfs_get_memsize (g);
  const char *append = guestfs_get_append (g);
  out->append = append && *append ? g_strdup (append) : NULL;
  out->backend = libguestfs_string (guestfs_get_backend (g));
  out->hv_path = libguestfs_string (guestfs_get_hv (g));
  out->hv_version = host_hv_version (out->hv_path);
  guestfs_close (g);
  return TRUE;
}

static void
target_free (boot_target *t)
{
  appliance_target *a = (appliance_target *)t;
  event_capture_free (a->capture);
  g_free (a->append);
  g_free (a);
}

static const boot_target_ops appliance_ops = {
  .run_pass = target_run_pass,
  .kvm_boots = target_kvm_boots,
  .facts = target_facts,
  .free = target_free,
};

boot_target *
appliance_target_new (const appliance_config *cfg)
{
  appliance_target *a = g_new0 (appliance_target, 1);
  a->base = (boot_target){ .ops = &appliance_ops, .accel = cfg->accel };
  a->cfg = *cfg;
  a->append = g_strdup (cfg->append);
  a->cfg.append = a->append;
  a->capture = event_capture_new ();
  return &a->base;
}
