/* SPDX-License-Identifier: GPL-2.0-or-later */
/* activity.h: the analysed boot: activities matched per pass and their
 * statistics across passes.  Produced by the rules engine, consumed by the
 * reports (text timeline, JSON, SVG), which never look at console text.
 * activity.c has its functions; analyse.c fills it. */
#ifndef BOOTPERF_ACTIVITY_H
#define BOOTPERF_ACTIVITY_H

#include <stdint.h>
#include <glib.h>
#include "events.h"
#include "stats.h"

/* One activity in one pass; times relative to the pass's `launch` trace.
 * clock says what timed it: with EVENT_CLOCK_NONE there is no duration
 * (end_ns == start_ns, a place on the timeline only).  With
 * EVENT_CLOCK_KERNEL the duration is the kernel's own and gap_ns the time
 * between its two lines on the pass's clock (-1 when they had none): the
 * difference is what printing to the console cost. */
typedef struct {
  gboolean matched;
  gboolean failed;        /* ended by its rule's fail= line: did not happen */
  event_clock clock;
  int64_t start_ns;
  int64_t end_ns;
  int64_t gap_ns;
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
  guint n_timed;          /* passes where it had a clock (duration_ms counts these) */
  guint n_failed;
  event_clock clock;      /* what timed it (the first timed pass's); NONE: never timed */
  double start_mean_ms;
  sample_summary duration_ms; /* mean NaN when never timed */
  double gap_mean_ms;     /* with the kernel's own durations: the console gap, else NaN */
  double percent_of_run;  /* duration mean / run duration mean * 100, NaN untimed */
  gboolean flagged;       /* timed && !is_long && percent_of_run >= 1.0 */
} activity;

typedef struct {
  char *rule;
  GArray *passes;         /* guint: passes where it did not match */
  char *note;             /* the rule's missing= text, or NULL */
} unmatched_rule;

/* Something the analysis must say about a pass: a clock that jumped, a
 * kernel panic.  time_ns is on the pass's timeline, valid unless clock is
 * EVENT_CLOCK_NONE. */
typedef struct {
  guint pass;
  char *kind;             /* "clock", "panic", "oops", "bug", "input" */
  char *text;
  int64_t time_ns;
  event_clock clock;
  gboolean ends_pass;     /* the pass ended with it (a panic) */
} analysis_note;

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
  GPtrArray *notes;       /* analysis_note*, by pass then time */
  clock_comparison clocks;
} boot_analysis;

/* activity.c */
void activity_free (activity *a);
/* Whether it has a duration (in some pass). */
gboolean activity_is_timed (const activity *a);
/* The mean duration for ordering: -1 for an activity without a clock. */
double activity_sort_ms (const activity *a);
/* For g_ptr_array_sort of activity*: longer mean duration first (untimed
 * last), then name. */
int activity_compare_longer_first (gconstpointer pa, gconstpointer pb);
/* Empty, with the arrays made (each frees its elements). */
boot_analysis *boot_analysis_new (guint n_passes);
void boot_analysis_free (boot_analysis *an);
/* The activity called name, or NULL. */
const activity *boot_analysis_find (const boot_analysis *an, const char *name);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (boot_analysis, boot_analysis_free)

#endif
