/* SPDX-License-Identifier: GPL-2.0-or-later */
/* judge.c: --judge-against BASELINE, for `git bisect run`: the repository's
 * HEAD (the commit git bisect checked out) is compared with the baseline in
 * interleaved rounds, like any comparison of a bisection, and the answer is
 * git bisect run's exit status: 0 good (the same within --threshold), 1 bad
 * (changed by at least --threshold, either way), 125 skip (HEAD does not
 * build, or the comparison stays inconclusive).  The baseline is built once:
 * its artifacts and samples stay in the work directory for the next step,
 * and every step's HEAD is built in the tool's own build tree. */

#include <config.h>

#include "range.h"

enum
{
  JUDGE_GOOD = 0,
  JUDGE_BAD = 1,
  JUDGE_SKIP = 125,
};

gboolean
range_judge (range_session *s, range_result *r, GError **error)
{
  range_commit *base = range_session_commit (s, 0);
  range_commit *head = range_session_commit (s, 1);
  s->step = 1;
  s->steps_left = 2;
  if (!range_session_prepare (s, base, error))
    return FALSE;
  if (base->verdict == VERDICT_SKIPPED)
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_FAILED,
                   "the baseline %s could not be built: %s", base->short_sha,
                   base->skip_reason);
      return FALSE;
    }
  base->verdict = VERDICT_BASELINE;
  r->baseline = 0;
  s->step = 2;
  s->steps_left = 1;
  if (!range_session_prepare (s, head, error))
    return FALSE;
  if (head->verdict != VERDICT_SKIPPED
      && !range_session_decide (s, base, head, &s->plan, error))
    return FALSE;
  if (head->pairing.host_changed)
    r->host_changes++;
  range_report_commit (s->out, s, base);
  range_report_commit (s->out, s, head);
  switch (head->verdict)
    {
    case VERDICT_CHANGED:
      r->outcome = RANGE_OUTCOME_CHANGED;
      r->first_changed = 1;
      r->direction = head->comparison.pct > 0 ? 1 : -1;
      break;
    case VERDICT_SAME:
      r->outcome = RANGE_OUTCOME_NO_CHANGE;
      r->last_same = 1;
      break;
    default:
      r->outcome = RANGE_OUTCOME_INCONCLUSIVE;
      g_array_append_val (r->suspects, (guint){ 1 });
      break;
    }
  return TRUE;
}

int
range_judge_exit_code (const range_session *s, const range_result *r)
{
  (void)s;
  switch (r->outcome)
    {
    case RANGE_OUTCOME_NO_CHANGE:
      return JUDGE_GOOD;
    case RANGE_OUTCOME_CHANGED:
      return JUDGE_BAD;
    default:
      return JUDGE_SKIP;
    }
}
