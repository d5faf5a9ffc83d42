/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvm-probe.c: see kvm-probe.h. */
#include <config.h>

#include <string.h>

#include "boot-marks.h"
#include "kvm-probe.h"

struct kvm_probe
{
  GMutex lock;
  int64_t firmware_seen_ns; /* CLOCK_MONOTONIC of the guest's first line; 0: none */
  gboolean kernel_seen;
  gboolean hung;    /* no kernel line KVM_PROBE_KERNEL_WAIT_S after the firmware's */
  char *qemu_error; /* the last console line mentioning an error */
};

kvm_probe *
kvm_probe_new (void)
{
  kvm_probe *p = g_new0 (kvm_probe, 1);
  g_mutex_init (&p->lock);
  return p;
}

void
kvm_probe_free (kvm_probe *p)
{
  if (!p)
    return;
  g_mutex_clear (&p->lock);
  g_free (p->qemu_error);
  g_free (p);
}

static void
see_line (const boot_event *line, gpointer data)
{
  kvm_probe *p = data;
  g_mutex_lock (&p->lock);
  /* supermin prints on the appliance's console before qemu starts (for
   * long, when it builds the appliance): the guest has not begun. */
  if (!p->firmware_seen_ns && !g_str_has_prefix (line->message, "supermin: "))
    p->firmware_seen_ns = monotonic_ns ();
  if (boot_marks_is_kernel_line (line->message))
    p->kernel_seen = TRUE;
  if (strstr (line->message, "error") || strstr (line->message, "Error"))
    {
      g_free (p->qemu_error);
      p->qemu_error = g_strstrip (g_strdup (line->message));
    }
  g_mutex_unlock (&p->lock);
}

void
kvm_probe_watch (kvm_probe *p, event_capture *c)
{
  event_capture_watch_lines (c, see_line, p);
}

gboolean
kvm_probe_should_stop (void *probe)
{
  kvm_probe *p = probe;
  g_mutex_lock (&p->lock);
  if (!p->kernel_seen && p->firmware_seen_ns
      && monotonic_ns () - p->firmware_seen_ns
             > (int64_t)KVM_PROBE_KERNEL_WAIT_S * 1000000000)
    p->hung = TRUE;
  gboolean stop = p->kernel_seen || p->hung;
  g_mutex_unlock (&p->lock);
  return stop;
}

gboolean
kvm_probe_verdict (kvm_probe *p, const pass_result *r, char **reason)
{
  *reason = NULL;
  if (p->kernel_seen)
    return TRUE;
  if (r->status == PASS_INTERRUPTED)
    *reason = g_strdup ("the probe was interrupted");
  else if (p->qemu_error)
    *reason = g_strdup_printf ("qemu failed under KVM: %s", p->qemu_error);
  else if (p->hung)
    *reason
        = g_strdup_printf ("the guest hung under KVM: no kernel output %d s after the "
                           "firmware started",
                           KVM_PROBE_KERNEL_WAIT_S);
  else
    *reason = g_strdup_printf ("qemu failed under KVM: %s",
                               r->error ? r->error : "no console output");
  return FALSE;
}
