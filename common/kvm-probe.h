/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvm-probe.h: the verdict of a KVM probe, read from the console of a boot
 * under KVM whatever booted it (each boot target runs its own hypervisor
 * for the probe: boot-target.h).  Kernel text proves KVM works, and the
 * boot may stop there; QEMU dying, or firmware output with no kernel text
 * for KVM_PROBE_KERNEL_WAIT_S, proves it does not.  Lines arrive through a
 * capture's line watch (capture.h) on the booting thread; the watchdog
 * asks kvm_probe_should_stop from another, hence the lock inside. */
#ifndef BOOTPERF_KVM_PROBE_H
#define BOOTPERF_KVM_PROBE_H

#include <glib.h>

#include "capture.h"
#include "pass.h"

#define KVM_PROBE_KERNEL_WAIT_S 10 /* firmware output to the first kernel line */
#define KVM_PROBE_TOTAL_S 120      /* the probe pass's timeout: a first supermin build */

typedef struct kvm_probe kvm_probe;

kvm_probe *kvm_probe_new (void);
void kvm_probe_free (kvm_probe *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (kvm_probe, kvm_probe_free)

/* Watch the console lines of c (which must outlive the probe's pass). */
void kvm_probe_watch (kvm_probe *p, event_capture *c);
/* TRUE once the verdict is known: the kernel spoke, or the firmware hung.
 * probe is a kvm_probe* (a pass_limits.should_stop). */
gboolean kvm_probe_should_stop (void *probe);
/* After the pass r: TRUE if KVM works; otherwise *reason (g_free it) says
 * why not ("the probe was interrupted" when it was). */
gboolean kvm_probe_verdict (kvm_probe *p, const pass_result *r, char **reason);

#endif
