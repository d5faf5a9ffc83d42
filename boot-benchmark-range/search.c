/* SPDX-License-Identifier: GPL-2.0-or-later */
/* search.c: what bisect.c and sweep.c share: the result record and finding
 * the first commit, from one end, that builds and measures. */

#include <config.h>

#include "range.h"

void
range_result_init (range_result *r)
{
  r->outcome = RANGE_OUTCOME_NO_CHANGE;
  r->baseline = -1;
  r->first_changed = -1;
  r->last_same = -1;
  r->suspects = g_array_new (FALSE, FALSE, sizeof (guint));
  r->direction = 0;
  r->end = -1;
  r->change_log_sum = r->change_pairs = 0;
  r->last_ran = -1;
  r->confirm_parent = -1;
  r->confirmed = VERDICT_NONE;
  r->reopened = 0;
  r->uncertain = NULL;
  r->host_changes = 0;
  r->noise_stop = FALSE;
}

void
range_result_clear (range_result *r)
{
  if (r->suspects)
    g_array_unref (r->suspects);
  r->suspects = NULL;
  g_clear_pointer (&r->uncertain, g_free);
}

int
range_search_first_measurable (range_session *s, int from, int to, int step,
                               GError **error)
{
  for (int i = from; step > 0 ? i <= to : i >= to; i += step)
    {
      range_commit *c = range_session_commit (s, (guint)i);
      s->step++;
      if (!range_session_prepare (s, c, error))
        return -2;
      if (c->verdict != VERDICT_SKIPPED)
        return i;
      range_report_commit (s->out, s, c);
    }
  return -1;
}

void
range_search_all_skipped_error (range_session *s, int from, int to, GError **error)
{
  range_commit *first = range_session_commit (s, (guint)from);
  if (from == to || to < 0)
    g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                 "commit %s could not be measured: %s", first->short_sha,
                 first->skip_reason ? first->skip_reason : "unknown reason");
  else
    g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                 "none of the %d commits from %s could be measured; the first: %s",
                 to - from + 1, first->short_sha,
                 first->skip_reason ? first->skip_reason : "unknown reason");
}
