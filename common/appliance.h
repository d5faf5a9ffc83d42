/* SPDX-License-Identifier: GPL-2.0-or-later */
/* appliance.h: the libguestfs appliance as a boot target (boot-target.h).
 * Each pass creates a handle with /dev/null attached, forces the target's
 * accelerator, launches and closes it under a watchdog that kills qemu on
 * timeout or Ctrl-C, and reads qemu's peak RSS just before close.  A
 * capturing target (boot-analysis) keeps every libguestfs event. */
#ifndef BOOTPERF_APPLIANCE_H
#define BOOTPERF_APPLIANCE_H

#include <glib.h>

#include "boot-target.h"

typedef struct {
  int memsize_mb;     /* 0: libguestfs's default */
  int smp;            /* 0: libguestfs's default */
  const char *append; /* extra kernel command line, or NULL */
  accel_kind accel;   /* the target's first accelerator (KVM or TCG) */
  int timeout_s;      /* watchdog per pass (launch + close); 0: none */
  gboolean verbose;   /* libguestfs debug and trace to stderr */
} appliance_config;

/* A target booting the appliance so configured (cfg is copied).  Its facts
 * are what libguestfs will really use (defaults filled in,
 * $LIBGUESTFS_APPEND kept); they fail with what libguestfs refused. */
boot_target *appliance_target_new (const appliance_config *cfg);

#endif
