/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pass-runner.h: the one pass loop of every tool that boots.  Warm-up
 * rounds first (every target in turn, so that every target's caches are
 * warm), then measured rounds: each target once per round, in a random
 * order drawn anew for each round when the run interleaves several.  The
 * progress line, the "launching" notices, the host's load after every
 * measured pass (and the warning when it rose, when asked) and the message
 * of a failed pass are written here once.  The first failed pass stops the run.
 *
 * What a run does with its passes is the caller's: bench-run.c keeps
 * times and looks for --precision, compare.c pairs rounds, capture-run.c
 * keeps events. */
#ifndef BOOTPERF_PASS_RUNNER_H
#define BOOTPERF_PASS_RUNNER_H

#include <glib.h>

#include "boot-target.h"
#include "sequential.h"

/* A measured pass. */
typedef struct
{
  guint target;        /* index in the runner's targets */
  guint round;         /* 1-based measured round: the target's pass number */
  guint order;         /* 1-based position among all measured passes */
  boot_pass boot;      /* the caller's once handed over */
  double loadavg_1min; /* the host's 1-minute load average after it; -1: unknown
                        * (or not watched) */
} pass_record;

/* What a run says and asks beyond its passes; both optional. */
typedef struct
{
  sequential_notice_fn notice; /* launching, the noise guard, the load warning */
  gpointer notice_data;
  /* Tests: the load average after a pass of measured round `round`; NULL: the
   * host's (load_now). */
  double (*sample_load) (guint round, gpointer data);
  gpointer sample_load_data;
} pass_runner_hooks;

typedef struct pass_runner pass_runner;

struct pass_runner
{
  GPtrArray *targets;       /* boot_target*, not owned */
  const char *const *names; /* each target's name, or NULL for a single target */
  int warmup;               /* warm-up rounds */
  int max_rounds;           /* measured rounds at most */
  gboolean interleave;      /* rounds in a random order (from seed), said "round" */
  guint32 seed;
  gboolean announce;   /* a notice as each pass launches */
  gboolean watch_load; /* sample the load after each measured pass, warn once */
  double start_load;   /* the host's 1-minute load average as the run began */
  /* After every measured pass, failed or not: the caller takes p->boot. */
  void (*measured) (pass_record *p, gpointer data);
  /* After every measured round whose passes all succeeded: TRUE stops. */
  gboolean (*round_done) (int round, gpointer data);
  /* The progress line's tail ("  mean so far ..."), g_free'd; or NULL. */
  char *(*progress_tail) (gpointer data);
  pass_runner_hooks hooks;
  gpointer data; /* for the callbacks above */
  /* Filled by pass_runner_run: */
  int rounds;         /* measured rounds completed */
  guint load_rose_at; /* order of the first pass whose load rose; 0: never */
};

/* Run the passes.  FALSE when one failed (or Ctrl-C came between two):
 * *error (PASS_ERROR, the code its pass_status) names the pass, as
 * "configuration 'b', warm-up pass 2: why" or "pass 3: why". */
gboolean pass_runner_run (pass_runner *r, GError **error);

#endif
