/* activity.h: the analysed boot: activities matched per pass and their
 * statistics across passes.  Produced by the rules engine, consumed by the
 * reports (text timeline, JSON, SVG), which never look at console text. */
#ifndef BOOTPERF_ACTIVITY_H
#define BOOTPERF_ACTIVITY_H

#include <stdint.h>
#include <glib.h>
#include "stats.h"

/* One activity in one pass; times relative to the pass's `launch` trace. */
typedef struct {
  gboolean matched;
  int64_t start_ns;
  int64_t end_ns;
} activity_span;

typedef struct {
  char *name;             /* "kernel", "initcall virtio_blk.init", "insmod virtio_scsi:1" */
  char *rule;             /* the rules-file group that produced it */
  gboolean is_long;       /* a container such as run, qemu, kernel: never flagged */
  char *parent;           /* enclosing activity's name (for nesting), or NULL */
  guint depth;            /* 0 for top-level, parent's depth + 1 otherwise */
  GArray *spans;          /* activity_span, one per pass (index = pass) */
  /* Across the passes where it matched, in milliseconds: */
  guint n_matched;
  double start_mean_ms;
  sample_summary duration_ms;
  double percent_of_run;  /* duration mean / run duration mean * 100 */
  gboolean flagged;       /* !is_long && percent_of_run >= 1.0 */
} activity;

typedef struct {
  char *rule;
  GArray *passes;         /* guint: passes where it did not match */
} unmatched_rule;

/* Host arrival time versus the guest's printk time, where both exist. */
typedef struct {
  guint n_lines;          /* console lines that carried a printk time after 0.000000 */
  double offset_mean_ms;  /* min (host_ms - guest_ms) over those lines: guest clock zero on the host clock */
  double lag_mean_ms;     /* mean of (host - guest - offset): serial console delay beyond the first line */
  double lag_max_ms;
} clock_comparison;

typedef struct {
  guint n_passes;
  double run_mean_ms;     /* mean duration of the "run" activity */
  GPtrArray *activities;  /* activity*, sorted by mean start, then longer first, then name */
  GPtrArray *unmatched;   /* unmatched_rule* */
  clock_comparison clocks;
} boot_analysis;

void activity_free (activity *a);
/* For g_ptr_array_sort of activity*: longer mean duration first, then name. */
int activity_compare_longer_first (gconstpointer pa, gconstpointer pb);
void boot_analysis_free (boot_analysis *an);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (boot_analysis, boot_analysis_free)

#endif
