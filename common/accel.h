/* SPDX-License-Identifier: GPL-2.0-or-later */
/* accel.h: choosing the accelerator.  /dev/kvm may exist and still be unable to
 * boot a guest (nested or paravirtual KVM): a short real probe decides, and its
 * verdict is cached per qemu binary and host kernel. */
#ifndef BOOTPERF_ACCEL_H
#define BOOTPERF_ACCEL_H

#include <glib.h>

typedef enum { ACCEL_AUTO, ACCEL_KVM, ACCEL_TCG } accel_kind;

gboolean accel_parse (const char *s, accel_kind *out);   /* "auto" "kvm" "tcg" */
const char *accel_name (accel_kind a);

/* Turn the user's choice into KVM or TCG.  AUTO probes (or reads the cache)
 * and falls back to TCG, setting *fallback_note to a one-line explanation.
 * KVM fails with a GError when KVM is unusable.  refresh: ignore the cache. */
gboolean accel_resolve (accel_kind wanted, gboolean refresh, accel_kind *out,
                        char **fallback_note, GError **error);

/* Where probe verdicts are cached ($XDG_CACHE_HOME/bootperf/kvm-probe.ini). */
char *accel_cache_path (void);

#endif
