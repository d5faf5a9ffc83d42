/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sweep.c: every commit of the range in order, each compared with the
 * previous commit that was measured, as the original script did, with the
 * same interleaved, statistical verdict as bisection (--alpha bounds the
 * errors over all the sweep's comparisons) and resumable from the cache. */

#include <config.h>

#include "range.h"

gboolean
range_sweep (range_session *s, range_result *r, GError **error)
{
  int n = (int)s->commits->len;
  range_commit *prev = NULL;
  gboolean inconclusive = FALSE;
  for (int i = 0; i < n; i++)
    {
      range_commit *c = range_session_commit (s, (guint)i);
      s->step = (guint)i + 1;
      s->steps_left = (guint)(n - i);
      if (!range_session_prepare (s, c, error))
        return FALSE;
      if (c->verdict != VERDICT_SKIPPED)
        {
          if (!prev)
            {
              c->verdict = VERDICT_BASELINE;
              r->baseline = i;
              prev = c;
              continue; /* reported with its first comparison */
            }
          if (!range_session_decide (s, prev, c, &s->plan, error))
            return FALSE;
          if (c->pairing.host_changed)
            r->host_changes++;
        }
      if (prev && prev->verdict == VERDICT_BASELINE && c->verdict != VERDICT_SKIPPED)
        range_report_commit (s->out, s, prev);
      range_report_commit (s->out, s, c);
      if (c->verdict == VERDICT_SKIPPED)
        continue;
      if (c->verdict == VERDICT_CHANGED && r->first_changed < 0)
        r->first_changed = i;
      if (c->verdict == VERDICT_INCONCLUSIVE)
        {
          guint idx = (guint)i;
          g_array_append_val (r->suspects, idx);
          inconclusive = TRUE;
        }
      prev = c;
    }

  if (!prev)
    {
      range_search_all_skipped_error (s, 0, n - 1, error);
      return FALSE;
    }
  if (r->first_changed >= 0)
    r->outcome = RANGE_OUTCOME_CHANGED;
  else
    r->outcome = inconclusive ? RANGE_OUTCOME_INCONCLUSIVE : RANGE_OUTCOME_NO_CHANGE;
  return TRUE;
}
