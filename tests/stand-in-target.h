/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stand-in-target.h: a boot target for tests that boots nothing: each
 * pass is what the test's function makes of it (seeded noise, a failure),
 * so the pass runner and the runs over it can be tested in milliseconds. */
#ifndef BOOTPERF_STAND_IN_TARGET_H
#define BOOTPERF_STAND_IN_TARGET_H

#include "boot-target.h"

/* Fill *out for pass `call` (1-based: how many passes this target has run,
 * this one included) of the target numbered index. */
typedef void (*stand_in_pass_fn) (guint index, guint call, boot_pass *out, gpointer data);

/* Its facts: one vCPU, "stand-in" for the hypervisor. */
boot_target *stand_in_target_new (stand_in_pass_fn fn, guint index, gpointer data);

#endif
