/* SPDX-License-Identifier: GPL-2.0-or-later */
/* appliance.h: one pass of the libguestfs appliance: create a handle with
 * /dev/null attached, choose the accelerator, launch under a watchdog that
 * kills qemu on timeout or Ctrl-C, read qemu's peak RSS, close. */
#ifndef BOOTPERF_APPLIANCE_H
#define BOOTPERF_APPLIANCE_H

#include <stdint.h>
#include <glib.h>
#include <guestfs.h>
#include "accel.h"
#include "pass.h"

typedef struct {
  int memsize_mb;          /* 0: libguestfs's default */
  int smp;                 /* 0: libguestfs's default */
  const char *append;      /* extra kernel command line, or NULL */
  accel_kind accel;        /* ACCEL_KVM or ACCEL_TCG (resolve ACCEL_AUTO with accel_resolve) */
  int timeout_s;           /* watchdog per pass (launch + close); 0: none */
  gboolean verbose;        /* libguestfs debug and trace to stderr */
  /* Called after the handle is configured and before launch: boot-analysis
   * turns on verbose/trace here and registers its event callbacks. */
  void (*setup_handle) (guestfs_h *g, void *opaque);
  /* Polled by the watchdog about every 100 ms: returning TRUE kills qemu now
   * (the pass then ends as PASS_FAILED).  NULL: never. */
  gboolean (*should_abort) (void *opaque);
  void *opaque;
} appliance_config;


/* Run one pass.  Never hangs longer than timeout_s (+ a few seconds to reap
 * qemu), never leaves qemu running.  Fills *out in every case. */
void appliance_run_pass (const appliance_config *cfg, pass_result *out);

/* Configure a handle from cfg without launching it and read back what
 * libguestfs will really use (defaults filled in, $LIBGUESTFS_APPEND kept).
 * Also validates cfg early: *error says what libguestfs refused. */
gboolean appliance_effective_settings (const appliance_config *cfg, int *smp,
                                       int *memsize_mb, char **append, char **error);

#endif
