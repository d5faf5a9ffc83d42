/* report-svg-fold.c: the SVG chart's rows: activities drawn on their own,
 * and the folds that gather the small ones (see report-svg-fold.h).
 *
 * An activity is folded when its share of the run is under the threshold.
 * Nesting follows time containment, so a parent is longer than its child: a
 * folded activity's descendants are folded too, and its nearest drawn
 * ancestor is found by walking up.  Under each drawn ancestor the folded
 * activities are grouped by rule (all the initcalls, all the module loads);
 * rules with a single activity there share one "other activities" row. */
#include <config.h>

#include <math.h>
#include <string.h>

#include "report-svg-fold.h"

static void
svg_fold_free (svg_fold *fold)
{
  activity_free (fold->row);
  g_ptr_array_unref (fold->members);
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
      if (fold->row == row)
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

static svg_fold *
svg_fold_new (const fold_work *w, int ancestor, const char *rule)
{
  svg_fold *fold = g_new0 (svg_fold, 1);
  activity *row = g_new0 (activity, 1);

  row->rule = g_strdup (rule);
  if (ancestor >= 0)
    {
      row->parent = g_strdup (act_at (w, ancestor)->name);
      row->depth = act_at (w, ancestor)->depth + 1;
    }
  row->start_mean_ms = INFINITY;
  row->duration_ms.sd = row->duration_ms.median = row->duration_ms.mad = NAN;
  row->duration_ms.min = row->duration_ms.max = NAN;
  row->duration_ms.ci95_low = row->duration_ms.ci95_high = NAN;
  fold->row = row;
  fold->members = g_ptr_array_new ();
  return fold;
}

/* Groups the folded activities under one drawn ancestor (indices in the
 * analysis's order) into folds, appended to plan->folds. */
static void
fold_under_ancestor (svg_fold_plan *plan, fold_work *w, int ancestor, GArray *members)
{
  g_autoptr (GHashTable) count_by_rule = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) fold_by_rule = g_hash_table_new (g_str_hash, g_str_equal);
  int other = -1;

  if (members->len == 1)
    {
      /* Folding one activity into a row of its own would hide its name. */
      w->folded[g_array_index (members, int, 0)] = FALSE;
      return;
    }
  for (guint k = 0; k < members->len; k++)
    {
      const char *rule = act_at (w, g_array_index (members, int, k))->rule;
      gpointer n = g_hash_table_lookup (count_by_rule, rule ? rule : "");
      g_hash_table_insert (count_by_rule, (gpointer)(rule ? rule : ""),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
    }
  for (guint k = 0; k < members->len; k++)
    {
      int i = g_array_index (members, int, k);
      const char *rule = act_at (w, i)->rule ? act_at (w, i)->rule : "";
      gboolean shared = GPOINTER_TO_UINT (g_hash_table_lookup (count_by_rule, rule)) > 1;
      gpointer found = shared ? g_hash_table_lookup (fold_by_rule, rule) : NULL;
      int f = found ? GPOINTER_TO_INT (found) - 1 : shared ? -1 : other;

      if (f < 0)
        {
          g_ptr_array_add (plan->folds, svg_fold_new (w, ancestor, shared ? rule : NULL));
          f = (int)plan->folds->len - 1;
          if (shared)
            g_hash_table_insert (fold_by_rule, (gpointer)rule, GINT_TO_POINTER (f + 1));
          else
            other = f;
        }
      w->fold_of[i] = f;
      g_ptr_array_add (((svg_fold *)plan->folds->pdata[f])->members,
                       (gpointer)act_at (w, i));
    }
}

/* Whether a member of a fold lies inside another member of the same fold,
 * whose duration already counts it. */
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

/* Name, span, total and share of each fold's row. */
static void
summarise_folds (svg_fold_plan *plan, const fold_work *w, double run_mean_ms)
{
  for (guint i = 0; i < w->acts->len; i++)
    {
      if (!w->folded[i])
        continue;
      const activity *a = act_at (w, (int)i);
      svg_fold *fold = plan->folds->pdata[w->fold_of[i]];
      activity *row = fold->row;
      double duration = fmax (a->duration_ms.mean, 0);

      row->n_matched = MAX (row->n_matched, a->n_matched);
      row->duration_ms.n = MAX (row->duration_ms.n, a->duration_ms.n);
      row->start_mean_ms = fmin (row->start_mean_ms, a->start_mean_ms);
      /* duration_ms.mean holds the latest end until the names are made. */
      row->duration_ms.mean = fmax (row->duration_ms.mean, a->start_mean_ms + duration);
      fold->longest_ms = fmax (fold->longest_ms, duration);
      if (!nested_in_same_fold (w, (int)i))
        fold->total_ms += duration;
    }
  for (guint f = 0; f < plan->folds->len; f++)
    {
      svg_fold *fold = plan->folds->pdata[f];
      activity *row = fold->row;
      guint n = fold->members->len;

      row->duration_ms.mean -= row->start_mean_ms;
      row->percent_of_run = run_mean_ms > 0 ? 100 * fold->total_ms / run_mean_ms : NAN;
      row->name = row->rule ? g_strdup_printf ("%u %ss", n, row->rule)
                            : g_strdup_printf ("%u other %s", n,
                                               n == 1 ? "activity" : "activities");
      plan->n_folded += n;
    }
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
  g_autoptr (GArray) ancestors = g_array_new (FALSE, FALSE, sizeof (int));

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
  /* Members by drawn ancestor, ancestors in order of their first member. */
  for (guint i = 0; i < n; i++)
    {
      if (!w.folded[i])
        continue;
      int anc = drawn_ancestor (&w, (int)i);
      gpointer key = GINT_TO_POINTER (anc + 1);
      GArray *members = g_hash_table_lookup (members_by_ancestor, key);
      if (!members)
        {
          members = g_array_new (FALSE, FALSE, sizeof (int));
          g_hash_table_insert (members_by_ancestor, key, members);
          g_array_append_val (ancestors, anc);
        }
      int index = (int)i;
      g_array_append_val (members, index);
    }
  for (guint k = 0; k < ancestors->len; k++)
    {
      int anc = g_array_index (ancestors, int, k);
      fold_under_ancestor (
          plan, &w, anc,
          g_hash_table_lookup (members_by_ancestor, GINT_TO_POINTER (anc + 1)));
    }
  summarise_folds (plan, &w, an->run_mean_ms);

  for (guint i = 0; i < n; i++)
    if (!w.folded[i])
      g_ptr_array_add (plan->rows, (gpointer)act_at (&w, (int)i));
  for (guint f = 0; f < plan->folds->len; f++)
    g_ptr_array_add (plan->rows, ((svg_fold *)plan->folds->pdata[f])->row);

  g_hash_table_unref (w.index_by_name);
  g_free (w.folded);
  g_free (w.fold_of);
  return plan;
}
