/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture-run.h: the capturing side of boot-analysis: warm-up passes, then
 * measured passes whose every event is kept, booting the appliance (events
 * from libguestfs callbacks) or a kernel directly (events from its serial
 * console), with progress on the terminal. */
#ifndef BOOTPERF_CAPTURE_RUN_H
#define BOOTPERF_CAPTURE_RUN_H

#include <glib.h>

#include "appliance.h"
#include "direct-boot.h"

typedef struct {
  int passes;
  int warmup;
  gboolean verbose;                  /* a line on stderr as each pass launches */
  const appliance_config *appliance; /* used when direct is NULL */
  const direct_config *direct;       /* --kernel: boot this instead */
} capture_run_config;

/* Returns the completed measured passes' events (pass_events*, pass numbers
 * from 0).  The first failed pass stops the run: *failure says which and why,
 * and when it was a measured pass its partial events are in *failed_pass. */
GPtrArray *capture_run_passes (const capture_run_config *cfg, char **failure,
                               pass_events **failed_pass);

#endif
