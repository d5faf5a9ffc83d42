/* compare.h: boot-benchmark --compare: two or more named configurations,
 * their passes interleaved (A B A B ...) so that drift in the machine
 * affects them all alike, and a table of each one against the first with
 * the same tests boot-benchmark-range uses (stats_compare).
 *
 * A configuration is a name and options parsed like boot-benchmark's own
 * (boot_options and direct_options) on top of the command line's; it boots
 * the appliance, or a kernel directly when it ends up with --kernel. */
#ifndef BOOTPERF_COMPARE_H
#define BOOTPERF_COMPARE_H

#include <stdio.h>
#include <glib.h>

#include "appliance.h"
#include "boot-options.h"
#include "direct-boot.h"
#include "direct-options.h"
#include "hostinfo.h"
#include "stats.h"

typedef struct {
  char *name;
  char *options;             /* as given on the command line or in the file */
  accel_kind wanted;         /* this configuration's --accel */
  boot_options boot;         /* merged values (help_strings unused) */
  direct_options direct_opts;
  gboolean direct;           /* boots --kernel, not the appliance */
  direct_config direct_cfg;  /* after compare_config_prepare, when direct */
  appliance_config appliance;/* after compare_config_prepare, when not */
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
/* Resolve the accelerator and build the direct or appliance configuration. */
gboolean compare_config_prepare (compare_config *c, accel_kind accel, GError **error);
/* A boot of the configuration; *marks valid when it is direct. */
void compare_config_run_pass (const compare_config *c, pass_result *out, boot_marks *marks);

typedef struct {
  guint order;               /* 1-based position among the measured passes */
  guint config;              /* index in configs */
  guint pass;                /* 1-based within its configuration */
  pass_result result;
  gboolean has_marks;
  boot_marks marks;
} compare_sample;

typedef struct {
  GPtrArray *configs;        /* compare_config* */
  GArray *samples;           /* compare_sample, in run order */
  int passes, warmup;
  stats_test_kind test;
  double alpha;
  host_info host;
  gboolean complete;
} compare_run;

void compare_run_init (compare_run *run);
void compare_run_clear (compare_run *run);

/* Before any boot: two or more configurations, no name twice, and each one's
 * files and values valid (prepared with a placeholder accelerator). */
gboolean compare_run_check (compare_run *run, GError **error);

/* Warm-ups then measured passes, interleaved A B C A B C ... so that drift
 * in the machine affects every configuration alike (warm-ups too, so each
 * one's caches are warm).  Appends to run->samples; the first failed pass
 * stops the run: its status is returned and *failure says which and why. */
pass_status compare_run_passes (compare_run *run, char **failure);

typedef struct {
  sample_summary wall_ms;    /* passes with status ok */
  sample_summary ready_ms;   /* direct: exec -> ready marker */
  sample_summary rss_kib;
  GArray *phases;            /* bench_phase; direct only */
  gboolean compared;         /* FALSE for the first, or too few samples */
  stats_comparison cmp;      /* against the first configuration */
  gboolean significant;      /* cmp.p_value < alpha */
} compare_row;

/* One row per configuration; free with compare_rows_free. */
GArray *compare_rows (const compare_run *run);
void compare_rows_free (GArray *rows);

/* The smallest two-sided p-value the test can give with na and nb samples
 * (Mann-Whitney's exact distribution cannot go below 2 / C(na+nb, na)). */
double compare_min_p (stats_test_kind test, size_t na, size_t nb);

void compare_report_text (FILE *out, const compare_run *run, const GArray *rows);
char *compare_report_json (const compare_run *run, const GArray *rows);
char *compare_report_csv (const compare_run *run);

#endif
