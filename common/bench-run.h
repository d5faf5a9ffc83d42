/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-run.h: a boot-benchmark run (configuration, host, every measured
 * pass) and running it: warm-up passes, then measured passes of a boot
 * target (the appliance, a kernel booted directly) by the pass runner.
 * A fixed number of passes, or with --precision as many as the stopping
 * rule of sequential.h asks (passes_requested before the first look, then
 * one look after each pass, at most max_passes).  The host's load is
 * sampled after every pass.  The first failed pass stops the run.  Its
 * statistics: bench-summary.h; its reports: bench-report.h. */
#ifndef BOOTPERF_BENCH_RUN_H
#define BOOTPERF_BENCH_RUN_H

#include <glib.h>

#include "boot-target.h"
#include "direct-boot.h"
#include "hostinfo.h"
#include "pass-runner.h"
#include "sequential.h"

typedef struct
{
  guint pass; /* 1-based measured pass number */
  pass_result result;
  gboolean has_marks; /* direct kernel mode: marks below are valid */
  boot_marks marks;
  double loadavg_1min; /* the host's 1-minute load average after the pass; -1: unknown */
} measured_pass;

typedef struct bench_run bench_run;

struct bench_run
{
  host_info host;          /* the hypervisor's facts are the target's */
  boot_target *target;     /* what is booted (not owned) */
  accel_kind accel;        /* as run: KVM or TCG */
  int timeout_s;           /* per pass; 0: none */
  int effective_smp;       /* what the boot really uses after defaults */
  int effective_memsize_mb;
  char *effective_append; /* the handle's append (user + $LIBGUESTFS_APPEND), or NULL */
  int passes_requested;   /* with precision_pct: the passes before the first look */
  int warmup;
  double precision_pct;        /* --precision: 0 for exactly passes_requested passes */
  int max_passes;              /* with precision_pct: the bound */
  char *accel_note;            /* why auto chose TCG, or NULL */
  GArray *passes;              /* measured_pass, in order */
  gboolean complete;           /* every requested pass ran and succeeded */
  const direct_config *direct; /* direct kernel mode: what was booted (not owned);
                                  NULL: the libguestfs appliance */
  /* Filled by bench_run_passes: */
  gboolean precision_reached;
  double precision_half_width_pct; /* the 95% interval's, at the last look; NAN: none */
  int passes_needed; /* the noise guard's estimate at the first look; 0: none */
  int load_rose_at;  /* first pass whose load rose (sequential.h); 0: never */
  pass_runner_hooks hooks; /* optional: the run's notices; the load sampler */
};

void bench_run_init (bench_run *run);
void bench_run_clear (bench_run *run);

/* Take the run's facts from the target it boots (kept, not owned): the
 * host with the target's hypervisor, the accelerator, the effective vCPUs,
 * memory and kernel command line.  FALSE with *error when the target's
 * configuration is refused. */
gboolean bench_run_set_target (bench_run *run, boot_target *t, GError **error);

/* Fills run->passes and the results of the stopping rule and the noise
 * guard (bench_run's "filled by" members), saying what the guard finds
 * through run->notice.  FALSE when a pass failed: *error (PASS_ERROR) says
 * which pass and why; the passes measured so far are kept. */
gboolean bench_run_passes (bench_run *run, GError **error);

#endif
