/* SPDX-License-Identifier: GPL-2.0-or-later */
/* boot-target.h: what a pass boots.  Two targets exist: the libguestfs
 * appliance (appliance.h) and a kernel booted straight under QEMU
 * (direct-boot.h); tests add stand-ins.  The pass runner (pass-runner.h),
 * the KVM check (accel.h) and the reports see only this interface: run a
 * pass, test whether this target's own hypervisor boots under KVM, and
 * the facts a report states (hypervisor, its version, the accelerator,
 * the effective vCPUs, memory and kernel command line). */
#ifndef BOOTPERF_BOOT_TARGET_H
#define BOOTPERF_BOOT_TARGET_H

#include <glib.h>

#include "boot-marks.h"
#include "events.h"
#include "hostinfo.h"
#include "pass.h"

typedef enum
{
  ACCEL_AUTO,
  ACCEL_KVM,
  ACCEL_TCG
} accel_kind;

/* What one pass gave. */
typedef struct
{
  pass_result result;
  gboolean has_marks;  /* the target reads marks from its console (direct boots) */
  boot_marks marks;    /* valid when has_marks */
  pass_events *events; /* the pass's events when the target captures, else NULL */
} boot_pass;

void boot_pass_clear (boot_pass *p);

/* What the reports say about a target; strings owned, "unknown" if not known. */
typedef struct
{
  char *backend;    /* libguestfs's backend, or "direct kernel (no libguestfs)" */
  char *hv_path;    /* the hypervisor binary (or wrapper) that boots */
  char *hv_version; /* its first line of `-version` */
  int smp;          /* what the boot really uses, defaults filled in */
  int memsize_mb;
  char *append; /* the kernel command line added, or NULL */
} boot_target_facts;

void boot_target_facts_clear (boot_target_facts *f);

typedef struct boot_target boot_target;

typedef struct
{
  /* One pass, numbered pass (0-based; events carry it).  Never hangs longer
   * than the target's timeout (+ a moment), never leaves anything running;
   * interrupt.h's flag ends it at once.  Fills *out in every case. */
  void (*run_pass) (boot_target *t, guint pass, boot_pass *out);
  /* The KVM probe: boot this target's own hypervisor under KVM until the
   * kernel speaks.  TRUE if it did; otherwise *reason says what happened. */
  gboolean (*kvm_boots) (boot_target *t, char **reason);
  /* The facts; FALSE with *error when the configuration is refused. */
  gboolean (*facts) (boot_target *t, boot_target_facts *out, GError **error);
  void (*free) (boot_target *t);
} boot_target_ops;

struct boot_target
{
  const boot_target_ops *ops;
  accel_kind accel; /* KVM or TCG once resolved (accel_resolve); passes use it */
  gboolean capture; /* keep every pass's events (boot-analysis) */
};

/* The host's facts (hostinfo.h) with this target's hypervisor, and the
 * target's own (facts may be NULL).  FALSE with *error as facts. */
gboolean boot_target_host_info (boot_target *t, host_info *hi, boot_target_facts *facts,
                                GError **error);

void boot_target_run_pass (boot_target *t, guint pass, boot_pass *out);
gboolean boot_target_kvm_boots (boot_target *t, char **reason);
gboolean boot_target_facts_get (boot_target *t, boot_target_facts *out, GError **error);
void boot_target_free (boot_target *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (boot_target, boot_target_free)

#endif
