/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-report.h: a boot-benchmark run (configuration, host, every measured
 * pass) and its three renderings: the text report, JSON and CSV. */
#ifndef BOOTPERF_BENCH_REPORT_H
#define BOOTPERF_BENCH_REPORT_H

#include <stdio.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "appliance.h"
#include "direct-boot.h"
#include "hostinfo.h"
#include "sequential.h"
#include "stats.h"

typedef struct {
  guint pass;               /* 1-based measured pass number */
  pass_result result;
  gboolean has_marks;       /* direct kernel mode: marks below are valid */
  boot_marks marks;
  double loadavg_1min;      /* the host's 1-minute load average after the pass; -1: unknown */
} measured_pass;

typedef struct bench_run bench_run;

struct bench_run {
  host_info host;
  appliance_config config;  /* as run: accel resolved to KVM or TCG */
  int effective_smp;        /* what libguestfs will use after defaults */
  int effective_memsize_mb;
  char *effective_append;   /* the handle's append (user + $LIBGUESTFS_APPEND), or NULL */
  int passes_requested;     /* with precision_pct: the passes before the first look */
  int warmup;
  double precision_pct;     /* --precision: 0 for exactly passes_requested passes */
  int max_passes;           /* with precision_pct: the bound */
  char *accel_note;         /* why auto chose TCG, or NULL */
  GArray *passes;           /* measured_pass, in order */
  gboolean complete;        /* every requested pass ran and succeeded */
  const direct_config *direct; /* direct kernel mode: what was booted (not owned);
                                  NULL: the libguestfs appliance */
  /* Filled by bench_run_passes: */
  gboolean precision_reached;
  double precision_half_width_pct; /* the 95% interval's, at the last look; NAN: none */
  int passes_needed;        /* the noise guard's estimate at the first look; 0: none */
  int load_rose_at;         /* first pass whose load rose (sequential.h); 0: never */
  /* Optional: */
  sequential_notice_fn notice; /* the noise guard's and the load watch's lines */
  gpointer notice_data;
  /* Tests: boot nothing, fill p->result (marks, loadavg_1min) instead; NULL: boot. */
  void (*run_pass) (const bench_run *run, measured_pass *p, gpointer data);
  gpointer run_pass_data;
};

/* One phase of a direct boot, between two marks seen in the same pass
 * (when a mark is missing, as firmware output is with qboot, the phase
 * runs from the previous mark that was seen). */
typedef struct {
  boot_mark from, to;
  sample_summary ms;
} bench_phase;

typedef struct {
  sample_summary wall_ms;   /* over passes with status ok */
  sample_summary rss_kib;   /* over passes with a known peak RSS */
  GArray *outliers;         /* guint: 1-based pass numbers */
  GArray *outlier_z;        /* double: their modified z-scores */
  GArray *phases;           /* bench_phase, direct mode only (else empty) */
} bench_summary;

void bench_run_init (bench_run *run);
void bench_run_clear (bench_run *run);
void bench_summarise (const bench_run *run, bench_summary *out);
void bench_summary_clear (bench_summary *s);

/* "Result: 568.2ms ±8.7ms": byte-compatible with the original tool. */
char *bench_result_line (const bench_summary *s);
void bench_report_text (FILE *out, const bench_run *run, const bench_summary *s);
char *bench_report_json (const bench_run *run, const bench_summary *s);
char *bench_report_csv (const bench_run *run);

/* Direct kernel mode pieces, also used by --compare's reports. */
GArray *bench_phases_summarise (const boot_marks *marks, guint n);  /* bench_phase */
void bench_phases_text (FILE *out, const GArray *phases);
/* The host in every JSON report: uname, kernel, cpu_model, cores, loadavg. */
void bench_host_members (JsonBuilder *b, const host_info *h); /* into the open object */
void bench_host_json (JsonBuilder *b, const host_info *h);    /* member "host" */
void bench_direct_config_json (JsonBuilder *b, const direct_config *d);
void bench_marks_json (JsonBuilder *b, const boot_marks *m);   /* member "marks" */
void bench_phases_json (JsonBuilder *b, const GArray *phases); /* member "phases" */
void bench_marks_csv (GString *out, const boot_marks *m);      /* ",f,k,r,e"; m may be NULL */

#endif
