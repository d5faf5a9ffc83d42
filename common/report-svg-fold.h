/* report-svg-fold.h: which activities the SVG chart draws on rows of their
 * own, and which it folds away.  A boot has some 800 activities, 700 of them
 * initcalls of a fraction of a millisecond; drawn one to a row they bury the
 * twenty that matter.  Activities under a share of the run are folded into
 * rows under their nearest drawn ancestor, one row per kind (rule) of
 * activity, with a count and a total: "576 initcalls under 151.9ms each:
 * 1021.3ms". */
#ifndef BOOTPERF_REPORT_SVG_FOLD_H
#define BOOTPERF_REPORT_SVG_FOLD_H

#include <glib.h>
#include "activity.h"

typedef struct
{
  /* The row as an activity, so that the chart's tree, axis and gutter take
   * it like any other: name "576 initcalls", rule, parent (the drawn
   * ancestor, or NULL at the top level), start_mean_ms the earliest member's
   * mean start, duration_ms.mean up to the latest member's mean end,
   * percent_of_run of total_ms. */
  activity *row;
  GPtrArray *members; /* const activity *, in the analysis's order */
  double total_ms;    /* mean durations of the members not nested in another member */
  double longest_ms;  /* the longest member's mean duration */
} svg_fold;

typedef struct
{
  /* What gets a row: the activities drawn, in the analysis's order, then
   * the folds' rows.  Borrowed from the analysis and the folds. */
  GPtrArray *rows;
  GPtrArray *folds; /* svg_fold *, owned */
  guint n_folded;   /* activities in the folds */
  double below_percent;
  double below_ms; /* below_percent of the run's mean duration */
} svg_fold_plan;

/* Activities whose share of the run is under below_percent are folded
 * (none when below_percent <= 0).  An activity without a share (never
 * matched, or no run) is drawn.  An ancestor that would fold a single
 * activity draws it instead. */
svg_fold_plan *svg_fold_plan_new (const boot_analysis *an, double below_percent);
/* The fold a row stands for, or NULL when the row is an activity's own. */
const svg_fold *svg_fold_plan_lookup (const svg_fold_plan *plan, const activity *row);
void svg_fold_plan_free (svg_fold_plan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (svg_fold_plan, svg_fold_plan_free)

#endif
