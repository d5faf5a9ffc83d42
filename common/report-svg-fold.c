/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report-svg-fold.c: the SVG chart's rows: activities drawn on their own,
 * and the folds that gather the small ones (see report-svg-fold.h).
 *
 * An activity is folded when its share of the run is under the threshold.
 * Nesting follows time containment, so a parent is longer than its child: a
 * folded activity's descendants are folded too, and its nearest drawn
 * ancestor is found by walking up.  Each drawn ancestor's folded activities
 * make one fold, shown in its row; those with no drawn ancestor make one
 * fold with a row of its own. */
#include <config.h>

#include <math.h>
#include <string.h>

#include "report-svg-fold.h"

static void
svg_fold_free (svg_fold *fold)
{
  activity_free (fold->row);
  g_ptr_array_unref (fold->members);
  g_array_unref (fold->kinds);
  g_free (fold);
}

void
svg_fold_plan_free (svg_fold_plan *plan)
{
  if (!plan)
    return;
  g_ptr_array_unref (plan->rows);
  g_ptr_array_unref (plan->folds);
  g_free (plan);
}

const svg_fold *
svg_fold_plan_lookup (const svg_fold_plan *plan, const activity *row)
{
  for (guint i = 0; i < plan->folds->len; i++)
    {
      const svg_fold *fold = plan->folds->pdata[i];
      if (row && (fold->ancestor == row || fold->row == row))
        return fold;
    }
  return NULL;
}

/* The work of one plan: the analysis's activities by index. */
typedef struct
{
  const GPtrArray *acts;
  GHashTable *index_by_name; /* name -> index + 1 */
  gboolean *folded;
  int *fold_of; /* folded: index into plan->folds */
} fold_work;

static const activity *
act_at (const fold_work *w, int i)
{
  return w->acts->pdata[i];
}

static int
parent_index (const fold_work *w, int i)
{
  const char *parent = act_at (w, i)->parent;
  guint found
      = parent ? GPOINTER_TO_UINT (g_hash_table_lookup (w->index_by_name, parent)) : 0;
  return found && (int)found - 1 != i ? (int)found - 1 : -1;
}

/* The nearest ancestor that is drawn, or -1 (the top level).  A parent
 * cycle, which the analysis never makes, ends the walk at the top level. */
static int
drawn_ancestor (const fold_work *w, int i)
{
  int p = parent_index (w, i);
  for (guint steps = 0; p >= 0 && w->folded[p]; steps++)
    {
      if (steps > w->acts->len)
        return -1;
      p = parent_index (w, p);
    }
  return p;
}

static gboolean
below_share (const activity *a, double below_percent)
{
  return a->n_matched > 0 && isfinite (a->percent_of_run)
         && a->percent_of_run < below_percent;
}

/* Whether a folded activity lies inside another member of its fold, whose
 * duration already counts it. */
static gboolean
nested_in_same_fold (const fold_work *w, int i)
{
  int p = parent_index (w, i);
  for (guint steps = 0; p >= 0 && w->folded[p] && steps <= w->acts->len; steps++)
    {
      if (w->fold_of[p] == w->fold_of[i])
        return TRUE;
      p = parent_index (w, p);
    }
  return FALSE;
}

static int
compare_kinds (gconstpointer pa, gconstpointer pb)
{
  const svg_fold_kind *a = pa, *b = pb;
  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  return g_strcmp0 (a->rule, b->rule);
}

/* One fold per ancestor (indices of its members, in the analysis's order). */
static svg_fold *
svg_fold_new (const fold_work *w, int ancestor, const GArray *members)
{
  svg_fold *fold = g_new0 (svg_fold, 1);
  g_autoptr (GHashTable) kind_by_rule = g_hash_table_new (g_str_hash, g_str_equal);

  fold->ancestor = ancestor >= 0 ? act_at (w, ancestor) : NULL;
  fold->members = g_ptr_array_new ();
  fold->kinds = g_array_new (FALSE, FALSE, sizeof (svg_fold_kind));
  for (guint k = 0; k < members->len; k++)
    {
      const activity *a = act_at (w, g_array_index (members, int, k));
      const char *rule = a->rule ? a->rule : "";
      gpointer found = g_hash_table_lookup (kind_by_rule, rule);
      g_ptr_array_add (fold->members, (gpointer)a);
      if (found)
        g_array_index (fold->kinds, svg_fold_kind, GPOINTER_TO_UINT (found) - 1).count++;
      else
        {
          svg_fold_kind kind = { rule, a, 1 };
          g_array_append_val (fold->kinds, kind);
          g_hash_table_insert (kind_by_rule, (gpointer)rule,
                               GUINT_TO_POINTER (fold->kinds->len));
        }
    }
  g_array_sort (fold->kinds, compare_kinds);
  return fold;
}

/* A top-level fold's row, made to look like an activity. */
static activity *
svg_fold_row (const svg_fold *fold)
{
  activity *row = g_new0 (activity, 1);
  double end = -INFINITY;

  row->name = g_strdup_printf ("%u activities", fold->members->len);
  row->start_mean_ms = INFINITY;
  for (guint i = 0; i < fold->members->len; i++)
    {
      const activity *a = fold->members->pdata[i];
      double duration
          = isfinite (a->duration_ms.mean) ? fmax (a->duration_ms.mean, 0) : 0;
      row->n_matched = MAX (row->n_matched, a->n_matched);
      row->start_mean_ms = fmin (row->start_mean_ms, a->start_mean_ms);
      end = fmax (end, a->start_mean_ms + duration);
    }
  row->duration_ms.n = row->n_matched;
  row->duration_ms.mean = end - row->start_mean_ms;
  row->duration_ms.sd = row->duration_ms.median = row->duration_ms.mad = NAN;
  row->duration_ms.min = row->duration_ms.max = NAN;
  row->duration_ms.ci95_low = row->duration_ms.ci95_high = NAN;
  row->percent_of_run = fold->percent_of_run;
  return row;
}

/* Totals, shares and top-level rows of the folds. */
static void
summarise_folds (svg_fold_plan *plan, const fold_work *w, double run_mean_ms)
{
  for (guint i = 0; i < w->acts->len; i++)
    {
      const activity *a = act_at (w, (int)i);
      if (!w->folded[i] || nested_in_same_fold (w, (int)i)
          || !isfinite (a->duration_ms.mean))
        continue;
      ((svg_fold *)plan->folds->pdata[w->fold_of[i]])->total_ms
          += fmax (a->duration_ms.mean, 0);
    }
  for (guint f = 0; f < plan->folds->len; f++)
    {
      svg_fold *fold = plan->folds->pdata[f];
      fold->percent_of_run = run_mean_ms > 0 ? 100 * fold->total_ms / run_mean_ms : NAN;
      if (!fold->ancestor)
        fold->row = svg_fold_row (fold);
      plan->n_folded += fold->members->len;
    }
}

/* Members by drawn ancestor (-1: none), ancestors in order of their first
 * member.  Returns the ancestors; members_by_ancestor maps ancestor + 1 to
 * a GArray of indices. */
static GArray *
group_by_ancestor (const fold_work *w, GHashTable *members_by_ancestor)
{
  GArray *ancestors = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < w->acts->len; i++)
    {
      if (!w->folded[i])
        continue;
      int anc = drawn_ancestor (w, (int)i), index = (int)i;
      gpointer key = GINT_TO_POINTER (anc + 1);
      GArray *members = g_hash_table_lookup (members_by_ancestor, key);
      if (!members)
        {
          members = g_array_new (FALSE, FALSE, sizeof (int));
          g_hash_table_insert (members_by_ancestor, key, members);
          g_array_append_val (ancestors, anc);
        }
      g_array_append_val (members, index);
    }
  return ancestors;
}

svg_fold_plan *
svg_fold_plan_new (const boot_analysis *an, double below_percent)
{
  svg_fold_plan *plan = g_new0 (svg_fold_plan, 1);
  static const GPtrArray no_activities;
  fold_work w = { .acts = an->activities ? an->activities : &no_activities };
  guint n = w.acts->len;
  g_autoptr (GHashTable) members_by_ancestor = g_hash_table_new_full (
      g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_array_unref);

  plan->rows = g_ptr_array_new ();
  plan->folds = g_ptr_array_new_with_free_func ((GDestroyNotify)svg_fold_free);
  plan->below_percent = below_percent > 0 ? below_percent : 0;
  plan->below_ms
      = isfinite (an->run_mean_ms) ? an->run_mean_ms * plan->below_percent / 100 : 0;
  w.index_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  w.folded = g_new0 (gboolean, n + 1);
  w.fold_of = g_new (int, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const activity *a = act_at (&w, (int)i);
      if (a->name && !g_hash_table_contains (w.index_by_name, a->name))
        g_hash_table_insert (w.index_by_name, a->name, GUINT_TO_POINTER (i + 1));
      w.folded[i] = below_share (a, plan->below_percent);
    }

  g_autoptr (GArray) ancestors = group_by_ancestor (&w, members_by_ancestor);
  for (guint k = 0; k < ancestors->len; k++)
    {
      int anc = g_array_index (ancestors, int, k);
      GArray *members
          = g_hash_table_lookup (members_by_ancestor, GINT_TO_POINTER (anc + 1));
      /* Folding one activity would only hide its name. */
      if (members->len == 1)
        {
          w.folded[g_array_index (members, int, 0)] = FALSE;
          continue;
        }
      for (guint m = 0; m < members->len; m++)
        w.fold_of[g_array_index (members, int, m)] = (int)plan->folds->len;
      g_ptr_array_add (plan->folds, svg_fold_new (&w, anc, members));
    }
  summarise_folds (plan, &w, an->run_mean_ms);

  for (guint i = 0; i < n; i++)
    if (!w.folded[i])
      g_ptr_array_add (plan->rows, (gpointer)act_at (&w, (int)i));
  plan->n_drawn = plan->rows->len;
  for (guint f = 0; f < plan->folds->len; f++)
    {
      const svg_fold *fold = plan->folds->pdata[f];
      if (fold->row)
        g_ptr_array_add (plan->rows, fold->row);
    }

  g_hash_table_unref (w.index_by_name);
  g_free (w.folded);
  g_free (w.fold_of);
  return plan;
}
