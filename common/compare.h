/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compare.h: boot-benchmark --compare: two or more named configurations
 * measured in rounds (every configuration once per round, in a random order
 * drawn anew for each round), so that drift in the machine affects them all
 * alike, and each one compared with the first by the paired estimator of
 * stats.h on the rounds' pairs.  Sequential: a look every `passes` rounds,
 * the error rate split over the looks (stats_sequential_plan) and over the
 * comparisons, and the run stops as soon as every comparison is clear
 * (changed or same against --threshold), or at max_passes rounds.
 *
 * A configuration is a name and options parsed like boot-benchmark's own
 * (boot_options and direct_options) on top of the command line's; it boots
 * the appliance, or a kernel directly when it ends up with --kernel.
 *
 * The estimates are compare-summary.h's, the table, JSON and CSV
 * compare-report.h's. */
#ifndef BOOTPERF_COMPARE_H
#define BOOTPERF_COMPARE_H

#include <stdio.h>
#include <glib.h>

#include "appliance.h"
#include "boot-options.h"
#include "direct-boot.h"
#include "direct-options.h"
#include "hostinfo.h"
#include "pass-runner.h"
#include "sequential.h"
#include "stats.h"

typedef struct {
  char *name;
  char *options;             /* as given on the command line or in the file */
  accel_kind wanted;         /* this configuration's --accel */
  boot_options boot;         /* merged values (help_strings unused) */
  direct_options direct_opts;
  gboolean direct;           /* boots --kernel, not the appliance */
  direct_config direct_cfg;  /* after compare_config_prepare, when direct */
  boot_target *target;       /* after compare_config_prepare: what its passes boot */
  accel_kind accel;          /* what its passes use (compare_run_resolve) */
  char *accel_note;          /* why auto chose TCG, or NULL */
} compare_config;

void compare_config_free (compare_config *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (compare_config, compare_config_free)

/* Parse OPTIONS (shell words) on top of base and dbase.  Options that belong
 * to the whole run (--passes, --warmup, --quiet, --verbose, --reprobe) are
 * refused.  Errors name the configuration. */
compare_config *compare_config_parse (const char *name, const char *options,
                                      const boot_options *base, const direct_options *dbase,
                                      GError **error);
/* "NAME=OPTIONS" as --config takes it. */
compare_config *compare_config_parse_arg (const char *arg, const boot_options *base,
                                          const direct_options *dbase, GError **error);
/* A GKeyFile, one group per configuration in order, key options=... */
GPtrArray *compare_configs_load_file (const char *path, const boot_options *base,
                                      const direct_options *dbase, GError **error);
/* Check the configuration and make its boot target (a direct boot or the
 * appliance) with accel. */
gboolean compare_config_prepare (compare_config *c, accel_kind accel, GError **error);

typedef struct {
  guint order;               /* 1-based position among the measured passes */
  guint config;              /* index in configs */
  guint pass;                /* 1-based within its configuration */
  guint round;               /* 1-based measured round (= pass) */
  pass_result result;
  gboolean has_marks;
  boot_marks marks;
  double loadavg_1min;       /* the host's 1-minute load average after it; -1: unknown */
} compare_sample;

typedef struct compare_run compare_run;

struct compare_run {
  GPtrArray *configs;        /* compare_config* */
  GArray *samples;           /* compare_sample, in run order */
  int passes;                /* rounds before the first look, and between looks */
  int max_passes;            /* rounds at most */
  int warmup;
  double alpha;              /* for all the comparisons together */
  double threshold_pct;      /* changed / same against this */
  guint32 seed;              /* of the order within each round */
  host_info host;
  gboolean complete;         /* no pass failed, not interrupted */
  /* compare_run_plan: */
  stats_sequential_plan plan;  /* for each comparison, at alpha / comparisons */
  /* compare_run_passes: */
  int rounds;                /* measured rounds completed */
  int looks;                 /* looks taken */
  gboolean decided;          /* every comparison clear at the last look */
  guint load_rose_at;        /* order of the first sample whose load rose; 0: never */
  pass_runner_hooks hooks;   /* optional: the run's notices; the load sampler */
};

void compare_run_init (compare_run *run);
void compare_run_clear (compare_run *run);

/* Before any boot: two or more configurations, no name twice, and each one's
 * files and values valid (prepared with a placeholder accelerator). */
gboolean compare_run_check (compare_run *run, GError **error);

/* The sequential plan of every comparison (alpha split over comparisons and
 * looks).  FALSE when no look within max_passes could decide, with an error
 * saying what would. */
gboolean compare_run_plan (compare_run *run, GError **error);

/* Each configuration's accelerator from its --accel: its target's own
 * hypervisor is probed (accel.h).  Why auto chose TCG is said through
 * run->notice, once for configurations that share it.  Errors name the
 * configuration (ACCEL_ERROR). */
gboolean compare_run_resolve (compare_run *run, gboolean refresh, GError **error);

/* Warm-ups (A B C A B C ..., so every configuration's caches are warm),
 * then measured rounds in a random order each, looking every `passes`
 * rounds and at max_passes, until every comparison is clear (by the
 * estimates of compare-summary.h).  Appends to run->samples; the first
 * failed pass stops the run: FALSE, and *error (PASS_ERROR) says which and
 * why. */
gboolean compare_run_passes (compare_run *run, GError **error);

#endif
