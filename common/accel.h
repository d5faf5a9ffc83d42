/* SPDX-License-Identifier: GPL-2.0-or-later */
/* accel.h: choosing the accelerator.  /dev/kvm may exist and still be unable to
 * boot a guest (nested or paravirtual KVM): a short real probe of the boot
 * target's own hypervisor decides, and its verdict is cached per qemu binary
 * and host kernel. */
#ifndef BOOTPERF_ACCEL_H
#define BOOTPERF_ACCEL_H

#include <glib.h>

#include "boot-target.h"

#define ACCEL_ERROR (accel_error_quark ())
GQuark accel_error_quark (void);

gboolean accel_parse (const char *s, accel_kind *out);   /* "auto" "kvm" "tcg" */
const char *accel_name (accel_kind a);

/* Set t->accel to KVM or TCG from the user's choice.  AUTO probes (the
 * target boots its own hypervisor under KVM) or reads the cache, and falls
 * back to TCG, setting *fallback_note to a one-line explanation.  KVM fails
 * with a GError (ACCEL_ERROR) when KVM is unusable.  refresh: ignore the
 * cache.  Shows "checking whether KVM works..." while a probe runs. */
gboolean accel_resolve (boot_target *t, accel_kind wanted, gboolean refresh,
                        char **fallback_note, GError **error);

/* Where probe verdicts are cached ($XDG_CACHE_HOME/bootperf/kvm-probe.ini). */
char *accel_cache_path (void);

#endif
