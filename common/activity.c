/* SPDX-License-Identifier: GPL-2.0-or-later */
/* activity.c: the analysed boot's own functions (activity.h): making and
 * freeing it, finding an activity, and the orders the reports use.  The
 * analysis that fills it is analyse.c. */
#include <config.h>

#include <math.h>
#include <string.h>

#include "activity.h"

void
activity_free (activity *a)
{
  if (!a)
    return;
  g_free (a->name);
  g_free (a->rule);
  g_free (a->parent);
  if (a->spans)
    g_array_unref (a->spans);
  g_free (a);
}

gboolean
activity_is_timed (const activity *a)
{
  return a->n_matched > 0 && a->clock != EVENT_CLOCK_NONE && !isnan (a->duration_ms.mean);
}

double
activity_sort_ms (const activity *a)
{
  return activity_is_timed (a) ? a->duration_ms.mean : -1.0;
}

int
activity_compare_longer_first (gconstpointer pa, gconstpointer pb)
{
  const activity *a = *(const activity *const *)pa;
  const activity *b = *(const activity *const *)pb;
  if (activity_sort_ms (a) != activity_sort_ms (b))
    return activity_sort_ms (a) > activity_sort_ms (b) ? -1 : 1;
  return strcmp (a->name, b->name);
}

static void
unmatched_rule_free (unmatched_rule *u)
{
  g_free (u->rule);
  g_free (u->note);
  g_array_unref (u->passes);
  g_free (u);
}

static void
analysis_note_free (analysis_note *n)
{
  g_free (n->kind);
  g_free (n->text);
  g_free (n);
}

boot_analysis *
boot_analysis_new (guint n_passes)
{
  boot_analysis *an = g_new0 (boot_analysis, 1);
  an->n_passes = n_passes;
  an->activities = g_ptr_array_new_with_free_func ((GDestroyNotify)activity_free);
  an->unmatched = g_ptr_array_new_with_free_func ((GDestroyNotify)unmatched_rule_free);
  an->notes = g_ptr_array_new_with_free_func ((GDestroyNotify)analysis_note_free);
  return an;
}

void
boot_analysis_free (boot_analysis *an)
{
  if (!an)
    return;
  g_ptr_array_unref (an->activities);
  g_ptr_array_unref (an->unmatched);
  if (an->notes)
    g_ptr_array_unref (an->notes);
  g_free (an);
}

const activity *
boot_analysis_find (const boot_analysis *an, const char *name)
{
  for (guint i = 0; i < an->activities->len; i++)
    {
      const activity *a = g_ptr_array_index (an->activities, i);
      if (strcmp (a->name, name) == 0)
        return a;
    }
  return NULL;
}
