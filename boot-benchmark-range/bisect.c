/* bisect.c: noise-aware bisection for the first commit whose boot time
 * differs from the baseline (the first commit of the range that builds).
 *
 * Like git bisect it assumes one lasting change: it measures the baseline and
 * the last commit, and if they differ, halves the interval between the newest
 * "same" and the oldest "changed" commit.  Unlike git bisect each verdict is
 * statistical and three-way; a commit that stays inconclusive after
 * --max-passes is set aside like a commit that fails to build (git bisect
 * skip) and reported, never guessed. */

#include <config.h>

#include <stdlib.h>

#include "range.h"

static guint
ceil_log2 (guint n)
{
  guint k = 0;
  while ((1u << k) < n)
    k++;
  return k;
}

/* The untried commit strictly between lo and hi closest to their middle. */
static int
pick_middle (const range_session *s, int lo, int hi, guint *untried)
{
  int best = -1;
  int mid2 = lo + hi; /* twice the middle, to stay in integers */
  *untried = 0;
  for (int i = lo + 1; i < hi; i++)
    {
      if (range_session_commit (s, (guint)i)->verdict != VERDICT_NONE)
        continue;
      (*untried)++;
      if (best < 0 || abs (2 * i - mid2) < abs (2 * best - mid2))
        best = i;
    }
  return best;
}

gboolean
range_bisect (range_session *s, range_result *r, GError **error)
{
  int n = (int)s->commits->len;
  s->steps_left = ceil_log2 ((guint)n) + 2;

  int base = range_search_first_measurable (s, 0, n - 1, 1, error);
  if (base == -2)
    return FALSE;
  if (base < 0)
    {
      range_search_all_skipped_error (s, 0, n - 1, error);
      return FALSE;
    }
  range_commit *b = range_session_commit (s, (guint)base);
  b->verdict = VERDICT_BASELINE;
  r->baseline = base;
  range_report_commit (stdout, s, b);

  int end = range_search_first_measurable (s, n - 1, base + 1, -1, error);
  if (end == -2)
    return FALSE;
  if (end < 0)
    {
      range_search_all_skipped_error (s, base + 1, n - 1, error);
      return FALSE;
    }
  range_commit *e = range_session_commit (s, (guint)end);
  if (!range_session_decide (s, b, e, error))
    return FALSE;
  range_report_commit (stdout, s, e);
  range_session_tidy (s, b, NULL);

  if (e->verdict == VERDICT_SAME)
    {
      r->outcome = RANGE_OUTCOME_NO_CHANGE;
      r->last_same = end;
      return TRUE;
    }
  if (e->verdict != VERDICT_CHANGED)
    {
      r->outcome = RANGE_OUTCOME_INCONCLUSIVE;
      guint idx = (guint)end;
      g_array_append_val (r->suspects, idx);
      return TRUE;
    }

  int lo = base, hi = end;
  for (;;)
    {
      guint untried;
      int mid = pick_middle (s, lo, hi, &untried);
      if (mid < 0)
        break;
      s->steps_left = ceil_log2 (untried + 1);
      s->step++;
      range_commit *m = range_session_commit (s, (guint)mid);
      if (!range_session_prepare (s, m, error))
        return FALSE;
      if (m->verdict != VERDICT_SKIPPED && !range_session_decide (s, b, m, error))
        return FALSE;
      range_report_commit (stdout, s, m);
      if (m->verdict == VERDICT_SAME)
        lo = mid;
      else if (m->verdict == VERDICT_CHANGED)
        hi = mid;
      range_session_tidy (s, b, NULL);
    }

  r->first_changed = hi;
  r->last_same = lo;
  r->outcome = RANGE_OUTCOME_CHANGED;
  for (int i = lo + 1; i < hi; i++)
    {
      commit_verdict v = range_session_commit (s, (guint)i)->verdict;
      if (v != VERDICT_SKIPPED && v != VERDICT_INCONCLUSIVE)
        continue;
      guint idx = (guint)i;
      g_array_append_val (r->suspects, idx);
      if (v == VERDICT_INCONCLUSIVE)
        r->outcome = RANGE_OUTCOME_INCONCLUSIVE;
    }
  return TRUE;
}
