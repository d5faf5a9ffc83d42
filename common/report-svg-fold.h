/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report-svg-fold.h: which activities the SVG chart draws on rows of their
 * own, and which it folds away.  A boot has some 800 activities, 700 of them
 * initcalls of a fraction of a millisecond; drawn one to a row they bury the
 * twenty that matter.  Activities under a share of the run are folded into
 * the row of their nearest drawn ancestor, with their count, kinds and total
 * time: "+ 664 initcalls under 151.9ms each: 1380.5ms (4.5%)". */
#ifndef BOOTPERF_REPORT_SVG_FOLD_H
#define BOOTPERF_REPORT_SVG_FOLD_H

#include <glib.h>
#include "activity.h"

/* How many of a fold's members one rule made. */
typedef struct
{
  const char *rule;
  const activity *first; /* names the kind when it has one member */
  guint count;
} svg_fold_kind;

typedef struct
{
  const activity *ancestor; /* the drawn activity whose row shows them, or NULL */
  /* Top-level folds (no ancestor) get a row of their own, as this activity:
   * name, start_mean_ms the earliest member's mean start, duration_ms.mean
   * up to the latest member's mean end, percent_of_run of total_ms.  NULL
   * for a fold in its ancestor's row. */
  activity *row;
  GPtrArray *members; /* const activity *, in the analysis's order */
  GArray *kinds;      /* svg_fold_kind, most members first */
  double total_ms;    /* mean durations of the members not nested in another member */
  double percent_of_run;
} svg_fold;

typedef struct
{
  /* What gets a row: the activities drawn, in the analysis's order, then
   * the rows of the top-level folds.  Borrowed. */
  GPtrArray *rows;
  GPtrArray *folds; /* svg_fold *, owned */
  guint n_drawn;    /* activities with rows of their own */
  guint n_folded;   /* activities in the folds */
  double below_percent;
  double below_ms; /* below_percent of the run's mean duration */
} svg_fold_plan;

/* Activities whose share of the run is under below_percent are folded
 * (none when below_percent <= 0).  An activity without a share (never
 * timed) is drawn.  An ancestor that would fold a single activity draws it
 * instead. */
svg_fold_plan *svg_fold_plan_new (const boot_analysis *an, double below_percent);
/* The fold shown in an activity's row (its folded descendants, or the fold
 * the row stands for), or NULL. */
const svg_fold *svg_fold_plan_lookup (const svg_fold_plan *plan, const activity *row);
void svg_fold_plan_free (svg_fold_plan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (svg_fold_plan, svg_fold_plan_free)

#endif
