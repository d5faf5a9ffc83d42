/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture-run.h: the capturing side of boot-analysis: warm-up passes, then
 * measured passes whose every event is kept, of a capturing boot target
 * (the appliance's events come from libguestfs callbacks, a direct boot's
 * from its serial console), run by the pass runner. */
#ifndef BOOTPERF_CAPTURE_RUN_H
#define BOOTPERF_CAPTURE_RUN_H

#include <glib.h>

#include "boot-target.h"
#include "pass-runner.h"

typedef struct
{
  boot_target *target; /* made to capture by capture_run_passes */
  int passes;
  int warmup;
  gboolean announce;       /* a notice as each pass launches */
  pass_runner_hooks hooks; /* those notices, and the load warning */
} capture_run_config;

/* *passes receives the completed measured passes' events (pass_events*,
 * pass numbers from 0), in every case.  FALSE when a pass failed: *error
 * (PASS_ERROR) says which and why, and when it was a measured pass its
 * partial events are in *failed_pass. */
gboolean capture_run_passes (const capture_run_config *cfg, GPtrArray **passes,
                             pass_events **failed_pass, GError **error);

#endif
